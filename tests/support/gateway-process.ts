import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database-harness';
import { exited, freePort, runHutong, spawnGateway, waitForStatus } from './processes';

/** A gateway process on a test database of its own, and the environment a `hutong` CLI process needs to reach it. */
export interface GatewayProcess {
  readonly url: string;
  /** DATABASE_URL, DATA_DIR, SIGNING_KEYS_DIR and HUTONG_URL: pass to runHutong. */
  readonly env: Record<string, string>;
  /** A scratch directory removed on stop (DATA_DIR is `<dir>/data`). */
  readonly dir: string;
  /** What the gateway wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface GatewayProcessOptions {
  /** More environment for the gateway process (e.g. DEMO_CITY=on). */
  readonly env?: Record<string, string>;
  /** How long to wait for /health/ready (default 60 s; the demo city takes longer). */
  readonly readyTimeoutMs?: number;
}

/** Starts `apps/gateway` as `npm start` would, on a free port, and waits until it is ready. */
export async function startGatewayProcess(prefix: string, options: GatewayProcessOptions = {}): Promise<GatewayProcess> {
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
  const gateway = spawnGateway({ ...env, PORT: String(port), LOG_LEVEL: 'warn', ...options.env });
  const stop = async () => {
    gateway.kill('SIGTERM');
    await exited(gateway);
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForStatus(`${url}/health/ready`, 200, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    const output = gateway.output();
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}; the gateway wrote:\n${output.slice(-4000)}`);
  }
  return { url, env, dir, output: () => gateway.output(), stop };
}

/** A token for a demo principal, obtained by the real CLI with its key from the gateway's demo keys directory. */
export async function demoToken(gateway: GatewayProcess, principal: string): Promise<string> {
  const key = join(gateway.env.DATA_DIR ?? '', 'demo-keys', `${principal}.jwk`);
  const issued = await runHutong(['token', '--principal', principal, '--key', key], gateway.env);
  if (issued.code !== 0) throw new Error(`no token for ${principal}: ${issued.stderr}`);
  return issued.stdout.trim();
}

/** GET as the bearer of `token`: the status and the JSON body. */
export async function getAs(
  gateway: GatewayProcess,
  path: string,
  token: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(path, gateway.url), { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
