import { NotificationChannel } from '@hutong/persistence';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database-harness';

/**
 * A dedicated LISTEN connection that the server terminates (failover, an operator's
 * pg_terminate_backend, a dropped database) must be given up and re-opened — never end the process
 * with an unhandled 'error' from the dead client, which vitest reports here as an unhandled error.
 * PGlite serves every connection from one backend, so there is nothing to terminate alone there.
 */
describe.runIf(process.env.DATABASE_URL !== undefined)('losing a dedicated connection', () => {
  let database: TestDatabase;
  let admin: Client;

  beforeAll(async () => {
    database = await createTestDatabase(inject('databaseTemplate'));
    admin = new Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await database.drop();
  });

  it('re-opens a LISTEN connection the server terminated, and hears notifications again', async () => {
    const heard: string[] = [];
    let resets = 0;
    const channel = new NotificationChannel({
      databaseUrl: database.url,
      channel: 'loss_test',
      applicationName: 'hutong-loss-test',
      onMessage: (payload) => heard.push(payload),
      onReset: () => (resets += 1),
      onLost: () => undefined,
    });
    await channel.start();
    try {
      expect(channel.connected).toBe(true);
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'hutong-loss-test'");
      await waitFor(() => !channel.connected);
      await waitFor(() => channel.connected);
      await admin.query("NOTIFY loss_test, 'after'");
      await waitFor(() => heard.includes('after'));
      expect(resets).toBeGreaterThanOrEqual(3);
    } finally {
      await channel.stop();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !condition(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(condition()).toBe(true);
}
