import { Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createFastifyAdapter, loadAppConfig, MetricsRegistry, PinoNestLogger, PlatformModule } from '@hutong/platform';
import { CapturedLogs } from './log-capture';

/**
 * The platform's HTTP pipeline (Fastify settings, hooks, filter, pipe, guards) around fixture
 * controllers, without a database: for contract tests of behaviour every route inherits.
 */
export async function createPlatformApp(
  controllers: Type[],
  env: Record<string, string> = {},
): Promise<{ app: NestFastifyApplication; logs: CapturedLogs }> {
  const config = loadAppConfig({ NODE_ENV: 'test', ...env });
  const logs = new CapturedLogs('debug');
  const metrics = new MetricsRegistry({ collectProcessMetrics: false });

  @Module({ imports: [PlatformModule.forRoot({ config, logger: logs.logger, metrics })], controllers })
  class FixtureAppModule {}

  const app = await NestFactory.create<NestFastifyApplication>(
    FixtureAppModule,
    createFastifyAdapter(config, logs.logger, metrics),
    {
      logger: new PinoNestLogger(logs.logger),
      abortOnError: false,
    },
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, logs };
}
