import type { DataSource } from 'typeorm';

/**
 * Migrations run under a PostgreSQL advisory lock: several gateway instances may start at once and
 * only one of them must apply the stream; the others wait and then find nothing to do.
 */
const MIGRATION_LOCK_KEY = 727_263_001;

export interface MigrationStatus {
  readonly name: string;
  readonly applied: boolean;
}

export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  return withMigrationLock(dataSource, async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  });
}

export async function revertLastMigration(dataSource: DataSource): Promise<string | undefined> {
  return withMigrationLock(dataSource, async () => {
    const before = await appliedMigrationNames(dataSource);
    await dataSource.undoLastMigration({ transaction: 'each' });
    const after = new Set(await appliedMigrationNames(dataSource));
    return before.find((name) => !after.has(name));
  });
}

export async function migrationStatus(dataSource: DataSource): Promise<MigrationStatus[]> {
  const applied = new Set(await appliedMigrationNames(dataSource));
  return dataSource.migrations.map((m) => ({
    name: m.name ?? m.constructor.name,
    applied: applied.has(m.name ?? m.constructor.name),
  }));
}

async function appliedMigrationNames(dataSource: DataSource): Promise<string[]> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const exists = await dataSource.query<Array<{ present: boolean }>>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  if (!exists[0]?.present) return [];
  const rows = await dataSource.query<Array<{ name: string }>>(`SELECT name FROM "${table}" ORDER BY "timestamp"`);
  return rows.map((r) => r.name);
}

async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await work();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
