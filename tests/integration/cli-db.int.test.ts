import { MIGRATIONS } from '@hutong/persistence';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database-harness';
import { runHutong } from '../support/processes';

describe('hutong db', () => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase(inject('databaseTemplate'));
    env = { DATABASE_URL: database.url };
  });
  afterAll(async () => {
    await database.drop();
  });

  it('reports every migration as applied on a migrated database', async () => {
    const result = await runHutong(['--json', 'db', 'status'], env);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout) as Array<{ name: string; applied: boolean }>;
    expect(status).toHaveLength(MIGRATIONS.length);
    expect(status.every((m) => m.applied)).toBe(true);
  });

  it('reverts the latest migration and applies it again', async () => {
    const reverted = await runHutong(['db', 'revert'], env);
    expect(reverted.code).toBe(0);
    expect(reverted.stdout).toMatch(/^Reverted \w+\.$/m);

    const migrated = await runHutong(['--json', 'db', 'migrate'], env);
    expect(migrated.code).toBe(0);
    expect((JSON.parse(migrated.stdout) as { applied: string[] }).applied).toHaveLength(1);

    const again = await runHutong(['db', 'migrate'], env);
    expect(again.stdout.trim()).toBe('Schema is up to date.');
  });

  it('fails with one clear line and a non-zero status when the database cannot be reached', async () => {
    const result = await runHutong(['db', 'status'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^hutong: .*ECONNREFUSED/);
  });

  it('refuses a bad setting before touching anything', async () => {
    const result = await runHutong(['db', 'status'], { DB_POOL_SIZE: 'many' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^hutong: Invalid configuration: DB_POOL_SIZE/);
  });
});
