import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database-harness';
import { exited, freePort, spawnGateway, waitForStatus } from './processes';

/** A gateway process on a test database of its own, and the environment a `hutong` CLI process needs to reach it. */
export interface GatewayProcess {
  readonly url: string;
  /** DATABASE_URL, DATA_DIR, SIGNING_KEYS_DIR and HUTONG_URL: pass to runHutong. */
  readonly env: Record<string, string>;
  /** A scratch directory removed on stop (DATA_DIR is `<dir>/data`). */
  readonly dir: string;
  stop(): Promise<void>;
}

/** Starts `apps/gateway` as `npm start` would, on a free port, and waits until it is ready. */
export async function startGatewayProcess(prefix: string): Promise<GatewayProcess> {
  const database: TestDatabase = await createTestDatabase(inject('databaseTemplate'));
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: database.url,
    DATA_DIR: join(dir, 'data'),
    SIGNING_KEYS_DIR: join(dir, 'signing-keys'),
    HUTONG_URL: url,
  };
  const gateway = spawnGateway({ ...env, PORT: String(port), LOG_LEVEL: 'warn' });
  const stop = async () => {
    gateway.kill('SIGTERM');
    await exited(gateway);
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForStatus(`${url}/health/ready`, 200, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, env, dir, stop };
}
