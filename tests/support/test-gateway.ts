import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  /** Run as a second instance on another gateway's database (that gateway drops it). */
  readonly shareDatabaseWith?: TestGateway;
}

/** The whole gateway, as `main.ts` builds it, on this file's own database. */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const shared = options.shareDatabaseWith?.database;
  const database = shared ?? (await createTestDatabase(inject('databaseTemplate')));
  const dropDatabase = async () => {
    if (!shared) await database.drop();
  };
  // Each gateway signs with its own keys unless the test shares a directory between instances.
  const keysDir = options.env?.SIGNING_KEYS_DIR === undefined ? mkdtempSync(join(tmpdir(), 'hutong-keys-')) : undefined;
  const config = loadAppConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    DATABASE_URL: database.url,
    MIGRATIONS_RUN: 'false',
    DB_POOL_SIZE: '5',
    ...(keysDir ? { SIGNING_KEYS_DIR: keysDir, AUDIT_KEYS_DIR: join(keysDir, 'audit') } : {}),
    ...options.env,
  });
  const logs = new CapturedLogs(config.logLevel);
  let app: NestFastifyApplication;
  try {
    app = await createGateway({ config, logger: logs.logger, collectProcessMetrics: false });
  } catch (error) {
    await dropDatabase();
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
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
      await dropDatabase();
      if (keysDir) rmSync(keysDir, { recursive: true, force: true });
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
