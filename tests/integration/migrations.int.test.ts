import { createDataSource, migrationStatus, MIGRATIONS, revertLastMigration, runPendingMigrations } from '@hutong/persistence';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database-harness';

describe('the migration stream', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(inject('databaseTemplate'));
    dataSource = createDataSource({
      url: database.url,
      poolSize: 4,
      statementTimeoutMs: 15_000,
      applicationName: 'migration-test',
    });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('starts from a template where every migration is applied', async () => {
    const status = await migrationStatus(dataSource);
    expect(status).toHaveLength(MIGRATIONS.length);
    expect(status.every((m) => m.applied)).toBe(true);
  });

  it('has PostGIS with the CGCS2000 reference system and pg_trgm', async () => {
    const srs = await dataSource.query<Array<{ srid: number }>>('SELECT srid FROM spatial_ref_sys WHERE srid = 4490');
    expect(srs[0]?.srid).toBe(4490);
    const trgm = await dataSource.query<Array<{ similarity: number }>>(
      "SELECT similarity('市公安局', '广州市公安局') AS similarity",
    );
    expect(trgm[0]?.similarity).toBeGreaterThan(0.3);
  });

  it('reverts every migration down to an empty schema, then applies them all again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) expect(await revertLastMigration(dataSource)).toBeTruthy();
    expect(await revertLastMigration(dataSource)).toBeUndefined();
    expect((await migrationStatus(dataSource)).some((m) => m.applied)).toBe(false);
    const extension = await dataSource.query<Array<{ postgis: boolean }>>(
      "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') AS postgis",
    );
    expect(extension[0]?.postgis).toBe(false);

    const applied = await runPendingMigrations(dataSource);
    expect(applied).toEqual(MIGRATIONS.map((m) => new m().name));
    expect((await migrationStatus(dataSource)).every((m) => m.applied)).toBe(true);
  });

  // Several gateways on one database is a PostgreSQL deployment: the embedded database is owned by
  // one gateway (a second is refused), and its connections share one session, where an advisory
  // lock cannot exclude anyone.
  it.runIf(inject('databaseTemplate').kind === 'postgres')(
    'lets several instances start at once: one applies, the others find nothing to do',
    async () => {
      for (let i = 0; i < MIGRATIONS.length; i++) await revertLastMigration(dataSource);
      const others = [0, 1].map(() =>
        createDataSource({ url: database.url, poolSize: 2, statementTimeoutMs: 15_000, applicationName: 'concurrent' }),
      );
      await Promise.all(others.map((ds) => ds.initialize()));
      try {
        const results = await Promise.all([dataSource, ...others].map((ds) => runPendingMigrations(ds)));
        expect(results.flat()).toHaveLength(MIGRATIONS.length);
      } finally {
        await Promise.all(others.map((ds) => ds.destroy()));
      }
    },
  );

  it('bounds every statement with the configured timeout on a real server', async () => {
    if (database.kind === 'pglite') {
      // PGlite runs single-threaded in WebAssembly with no timer signals: it cannot cancel a statement.
      return;
    }
    const short = createDataSource({ url: database.url, poolSize: 1, statementTimeoutMs: 200, applicationName: 'timeout-test' });
    await short.initialize();
    try {
      const shown = await short.query<Array<{ statement_timeout: string }>>('SHOW statement_timeout');
      expect(shown[0]?.statement_timeout).toBe('200ms');
      await expect(short.query('SELECT pg_sleep(2)')).rejects.toThrow(/statement timeout/);
    } finally {
      await short.destroy();
    }
  });
});
