import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, freePort, runNode, spawnGateway, waitForStatus } from '../support/processes';

const GATEWAY = ['-r', '@swc-node/register', 'apps/gateway/src/main.ts'];

describe('gateway start-up', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('refuses a bad setting with one line naming the variable, and exits non-zero', async () => {
    const result = await runNode(GATEWAY, { PORT: 'eighty', LOG_LEVEL: 'info' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: PORT must be an integer number/);
    expect(result.stdout).toBe('');
  });

  it('starts on the embedded database with nothing configured, loads the demo city, says where to look, and drains on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hutong-start-'));
    dirs.push(dataDir);
    const port = await freePort();
    const gateway = spawnGateway({ PORT: String(port), DATA_DIR: dataDir });
    try {
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 120_000);
      // Logs are written in buffered batches (flushed at least twice a second): wait for them.
      await outputContains(gateway, `Hutong gateway listening on http://127.0.0.1:${port}`);
      expect(gateway.output()).toContain(`database: embedded PostgreSQL with data in ${join(dataDir, 'pglite')}`);
      // The first start of the embedded default is `npm start` on a fresh clone: ready only once the demo city is in.
      await outputContains(gateway, 'Demo city ready');
      expect(gateway.output()).toContain('README.md, section "Try it"');
      gateway.kill('SIGTERM');
      expect(await exited(gateway)).toBe(0);
      expect(gateway.output()).toContain('shutdown complete');
      expect(gateway.output()).toContain('embedded PostgreSQL stopped');
    } finally {
      gateway.kill('SIGKILL');
    }
    // Longer than the readiness wait: a slow start must fail inside the test, where `finally` kills
    // the gateway — a test timed out first would leave it running after the suite.
  }, 150_000);
});

async function outputContains(gateway: { output(): string }, text: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!gateway.output().includes(text) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(gateway.output()).toContain(text);
}
