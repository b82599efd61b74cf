import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, EmbeddedPostgresInUseError, startOwnedEmbeddedPostgres } from '@hutong/persistence';
import { loadAppConfig } from '@hutong/platform';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapturedLogs } from '../support/log-capture';

/** The embedded default must keep data across restarts and must not be opened twice. */
describe('embedded PostgreSQL (PGlite)', () => {
  let dataDir: string;
  const logs = new CapturedLogs('info');

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hutong-embedded-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const open = (mode: 'own' | 'share') =>
    Database.open({
      config: loadAppConfig({ DATA_DIR: dataDir, DB_POOL_SIZE: '3' }),
      logger: logs.logger,
      applicationName: 'embedded-test',
      embeddedMode: mode,
    });

  it('migrates on first start, keeps data across a restart, and logs where the data lives', async () => {
    const first = await open('own');
    expect(first.kind).toBe('embedded');
    await first.dataSource.query('CREATE TABLE survival (note text)');
    await first.dataSource.query("INSERT INTO survival VALUES ('still here')");
    await first.close();

    const second = await open('own');
    try {
      const rows = await second.dataSource.query<Array<{ note: string }>>('SELECT note FROM survival');
      expect(rows).toEqual([{ note: 'still here' }]);
      const version = await second.dataSource.query<Array<{ postgis: string }>>('SELECT postgis_lib_version() AS postgis');
      expect(version[0]?.postgis).toMatch(/^3\./);
    } finally {
      await second.close();
    }
    expect(logs.text).toContain(`database: embedded PostgreSQL with data in ${join(dataDir, 'pglite')}`);
  });

  it('lets a second process share a running server but refuses a second owner', async () => {
    const owner = await open('own');
    try {
      const guest = await open('share');
      try {
        const counted = await guest.dataSource.query<Array<{ n: string }>>('SELECT count(*)::text AS n FROM survival');
        expect(counted[0]?.n).toBe('1');
      } finally {
        await guest.close();
      }
      // The guest closing must not stop the owner's server.
      await expect(owner.dataSource.query('SELECT 1')).resolves.toBeTruthy();
      await expect(
        startOwnedEmbeddedPostgres({ dataDir: join(dataDir, 'pglite'), port: 0, maxConnections: 4, logger: logs.logger }),
      ).rejects.toBeInstanceOf(EmbeddedPostgresInUseError);
    } finally {
      await owner.close();
    }
  });

  it('admits only clients that know the per-start password, which only the owner can read', async () => {
    const owner = await open('own');
    try {
      const stateFile = `${join(dataDir, 'pglite')}.server.json`;
      expect(statSync(stateFile).mode & 0o777).toBe(0o600);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      const { port, password } = JSON.parse(readFileSync(stateFile, 'utf8')) as { port: number; password: string };
      for (const secret of [undefined, 'wrong-password']) {
        const intruder = new pg.Client({
          host: '127.0.0.1',
          port,
          user: 'postgres',
          database: 'postgres',
          password: secret ?? '',
        });
        await expect(intruder.connect()).rejects.toThrow(/password authentication failed/);
        await intruder.end().catch(() => undefined);
      }
      const insider = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', password });
      await insider.connect();
      expect((await insider.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await insider.end();
      await expect(owner.dataSource.query('SELECT 1')).resolves.toBeTruthy();
    } finally {
      await owner.close();
    }
  });
});
