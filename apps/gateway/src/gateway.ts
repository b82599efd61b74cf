import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createFastifyAdapter,
  MetricsRegistry,
  PinoNestLogger,
  ResponseGates,
  type AppConfig,
  type Logger,
} from '@hutong/platform';
import { AppModule } from './app.module';

export interface GatewayOptions {
  readonly config: AppConfig;
  readonly logger: Logger;
  /** Off in tests that build many apps in one process. */
  readonly collectProcessMetrics?: boolean;
}

/**
 * Builds and initialises the gateway without listening, so the e2e tests drive exactly what
 * `main.ts` runs. Initialisation errors are thrown, never turned into a process exit here.
 */
export async function createGateway(options: GatewayOptions): Promise<NestFastifyApplication> {
  const metrics = new MetricsRegistry({ collectProcessMetrics: options.collectProcessMetrics ?? true });
  const gates = new ResponseGates();
  const adapter = createFastifyAdapter(options.config, options.logger, metrics, gates);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config: options.config, logger: options.logger, metrics, gates }),
    adapter,
    { logger: new PinoNestLogger(options.logger), abortOnError: false },
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
