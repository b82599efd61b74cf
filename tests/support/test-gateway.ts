import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadAppConfig, type AppConfig } from '@hutong/platform';
import request from 'supertest';
import { afterAll, beforeAll, inject } from 'vitest';
import { createGateway } from '../../apps/gateway/src/gateway';
import { createTestDatabase, type TestDatabase } from './database-harness';
import { CapturedLogs } from './log-capture';

export interface TestGateway {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly logs: CapturedLogs;
  readonly database: TestDatabase;
  /** supertest bound to the app's HTTP server. */
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Extra environment variables, exactly as an operator would set them. */
  readonly env?: Record<string, string>;
}

/** The whole gateway, as `main.ts` builds it, on this file's own database. */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const database = await createTestDatabase(inject('databaseTemplate'));
  const config = loadAppConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    DATABASE_URL: database.url,
    MIGRATIONS_RUN: 'false',
    DB_POOL_SIZE: '5',
    ...options.env,
  });
  const logs = new CapturedLogs(config.logLevel);
  let app: NestFastifyApplication;
  try {
    app = await createGateway({ config, logger: logs.logger, collectProcessMetrics: false });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    app,
    config,
    logs,
    database,
    http: () => request(app.getHttpServer()),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** Registers beforeAll/afterAll for a file that shares one gateway across its tests. */
export function useTestGateway(options: TestGatewayOptions = {}): () => TestGateway {
  let gateway: TestGateway | undefined;
  beforeAll(async () => {
    gateway = await startTestGateway(options);
  });
  afterAll(async () => {
    await gateway?.close();
  });
  return () => {
    if (!gateway) throw new Error('the test gateway is not started (call useTestGateway at file level)');
    return gateway;
  };
}
