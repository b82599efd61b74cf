import 'reflect-metadata';
import { ConfigError, createLogger, HealthRegistry, loadAppConfig, type AppConfig, type Logger } from '@hutong/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { prepareDemoCity } from './demo-city';
import { createGateway } from './gateway';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // Buffered, asynchronous writes: one write(2) per 4 KiB of log lines rather than one per access-log
  // line (measured at ~8 µs a request), flushed at least twice a second and on every exit path.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => destination.flush(), 500).unref();
  const logger = createLogger({ level: config.logLevel, destination });
  const exit: (code: number) => never = (code) => {
    destination.flushSync();
    return process.exit(code);
  };
  installProcessSafetyNets(logger);
  let app: NestFastifyApplication;
  let loadDemoCity: (() => Promise<void>) | undefined;
  try {
    app = await createGateway({ config, logger });
    loadDemoCity = await prepareDemoCity(app, config, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'the gateway could not start');
    exit(1);
  }
  await app.listen({ host: config.http.host, port: config.http.port });
  logger.info(
    { host: config.http.host, port: config.http.port, publicBaseUrl: config.http.publicBaseUrl },
    `Hutong gateway listening on ${config.http.publicBaseUrl} (readiness: ${config.http.publicBaseUrl}/health/ready)`,
  );
  installGracefulShutdown(app, config, logger, exit);
  await loadDemoCity?.();
}

function loadConfigOrExit(): AppConfig {
  try {
    return loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** A rejected promise nobody awaited is a bug to log, not a reason to drop every in-flight request. */
function installProcessSafetyNets(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
}

/**
 * SIGTERM/SIGINT: report not-ready at once (the load balancer stops routing here), stop accepting
 * connections, let in-flight requests finish, close the pool and the embedded database; give up
 * after SHUTDOWN_TIMEOUT_MS.
 */
function installGracefulShutdown(
  app: NestFastifyApplication,
  config: AppConfig,
  logger: Logger,
  exit: (code: number) => never,
): void {
  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    app.get(HealthRegistry).markShuttingDown();
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.http.shutdownTimeoutMs }, 'shutdown timed out; exiting');
      exit(1);
    }, config.http.shutdownTimeoutMs);
    deadline.unref();
    app
      .close()
      .then(() => {
        logger.info('shutdown complete');
        exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

void main();
