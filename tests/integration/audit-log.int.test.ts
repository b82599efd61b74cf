import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditKeys, AuditPartitions, AuditRepository, AuditWriter, verifyChain, type AuditEntry } from '@hutong/audit';
import { createDataSource } from '@hutong/persistence';
import { createLogger } from '@hutong/platform';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database-harness';

const logger = createLogger({ level: 'silent' });
const entry = (n: number): AuditEntry => ({
  action: 'registry.read',
  outcome: 'allowed',
  principal: { id: `agency-${n % 5}`, kind: 'agency' },
  recordCount: n,
});

describe('audit log store', () => {
  let database: TestDatabase;
  let sources: DataSource[];

  beforeAll(async () => {
    database = await createTestDatabase(inject('databaseTemplate'));
    sources = [0, 1].map(() =>
      createDataSource({ url: database.url, poolSize: 3, statementTimeoutMs: 30_000, applicationName: 'audit-test' }),
    );
    await Promise.all(sources.map((source) => source.initialize()));
  });
  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    await database.drop();
  });

  const repository = (index = 0) => new AuditRepository(sources[index] as DataSource);

  it('keeps one contiguous, verifiable chain while two writers append concurrently', async () => {
    const writers = [new AuditWriter(repository(0), logger), new AuditWriter(repository(1), logger)];
    const links = await Promise.all(Array.from({ length: 600 }, (_, n) => (writers[n % 2] as AuditWriter).append(entry(n))));
    expect(new Set(links.map((link) => link.seq)).size).toBe(600);
    const report = await verifyChain(repository().links());
    expect(report).toMatchObject({ ok: true, checked: 600, firstSeq: 1, lastSeq: 600 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE for the application, whoever owns the table', async () => {
    const source = sources[0] as DataSource;
    await expect(source.query("UPDATE audit_entries SET canonical = 'x' WHERE seq = 1")).rejects.toThrow(/append-only: UPDATE/);
    await expect(source.query('DELETE FROM audit_entries WHERE seq = 1')).rejects.toThrow(/append-only: DELETE/);
    await expect(source.query('TRUNCATE audit_entries')).rejects.toThrow(/append-only: TRUNCATE/);
    expect((await verifyChain(repository().links())).ok).toBe(true);
  });

  it('runs the gateway role with INSERT and SELECT only on the audit tables', async () => {
    await (sources[0] as DataSource).transaction(async (manager) => {
      await manager.query('SET LOCAL ROLE hutong_app');
      expect(await manager.query('SELECT count(*) FROM audit_entries')).toHaveLength(1);
      await expect(manager.query("UPDATE audit_entries SET hash = 'x' WHERE seq = 1")).rejects.toThrow(/permission denied/);
    });
    await (sources[0] as DataSource).transaction(async (manager) => {
      await manager.query('SET LOCAL ROLE hutong_app');
      await expect(manager.query('DELETE FROM audit_checkpoints')).rejects.toThrow(/permission denied/);
    });
  });

  /** Tampering as a database superuser would: with triggers switched off for the session. */
  async function tamper(sql: string, params: unknown[] = []): Promise<void> {
    await (sources[1] as DataSource).transaction(async (manager) => {
      await manager.query('SET LOCAL session_replication_role = replica');
      await manager.query(sql, params);
    });
  }

  it('notices a moved time column, which reviewer queries filter on', async () => {
    await tamper("UPDATE audit_entries SET recorded_at = recorded_at - interval '1 day' WHERE seq = 50");
    expect((await verifyChain(repository().links())).problem).toMatchObject({ seq: 50, kind: 'altered' });
    await tamper("UPDATE audit_entries SET recorded_at = recorded_at + interval '1 day' WHERE seq = 50");
    expect((await verifyChain(repository().links())).ok).toBe(true);
  });

  it('reports a planted checkpoint instead of silently keeping it', async () => {
    const head = await repository().head();
    const seq = head?.seq ?? 1;
    const forged = { seq, headHash: 'forged', createdAt: new Date().toISOString(), kid: 'x', jws: 'x.y.z' };
    expect(await repository().insertCheckpoint(forged)).toBe('stored');
    expect(await repository().insertCheckpoint({ ...forged, headHash: head?.hash ?? '' })).toBe('conflict');
    expect(await repository().insertCheckpoint(forged)).toBe('already_signed');
  });

  it('names the position of an altered, a deleted and an inserted entry', async () => {
    await tamper(
      `UPDATE audit_entries SET canonical = replace(canonical, '"outcome":"allowed"', '"outcome":"denied"') WHERE seq = 101`,
    );
    expect((await verifyChain(repository().links())).problem).toMatchObject({ seq: 101, kind: 'altered' });
    await tamper('DELETE FROM audit_entries WHERE seq = 101');
    expect((await verifyChain(repository().links())).problem).toMatchObject({ seq: 101, kind: 'missing' });
    await tamper(
      `INSERT INTO audit_entries (seq, recorded_at, prev_hash, hash, canonical)
       SELECT 101, recorded_at, prev_hash, hash, canonical FROM audit_entries WHERE seq = 250`,
    );
    const inserted = await verifyChain(repository().links());
    expect(inserted.ok).toBe(false);
    expect(inserted.problem?.seq).toBe(101);
  });

  it('archives a closed partition to a verifiable file, and the rest of the chain still verifies', async () => {
    // The earlier tests left the chain broken at 101 on purpose; start this one on a clean table.
    const fresh = await createTestDatabase(inject('databaseTemplate'));
    const source = createDataSource({ url: fresh.url, poolSize: 3, statementTimeoutMs: 30_000, applicationName: 'audit-test' });
    await source.initialize();
    const dir = mkdtempSync(join(tmpdir(), 'hutong-archive-'));
    try {
      const freshWriter = new AuditWriter(new AuditRepository(source), logger);
      await Promise.all(Array.from({ length: 30 }, (_, n) => freshWriter.append(entry(n))));
      const freshPartitions = new AuditPartitions(source);
      const { closed, opened } = await freshPartitions.startNext();
      expect(closed).toMatchObject({ fromSeq: 1, toSeqExclusive: 31 });
      expect(opened).toBe('audit_entries_from_31');
      await Promise.all(Array.from({ length: 20 }, (_, n) => freshWriter.append(entry(n))));
      const keys = AuditKeys.forTests([], Buffer.alloc(32, 7));
      const archived = await freshPartitions.archiveOldest(keys, join(dir, 'archive.ndjson'));
      expect(archived).toMatchObject({ fromSeq: 1, toSeq: 30, entries: 30 });
      const remaining = new AuditRepository(source);
      expect(await remaining.firstSeq()).toBe(31);
      const report = await verifyChain(remaining.links(31), { seq: 31, prevHash: await remaining.hashBefore(31) });
      expect(report).toMatchObject({ ok: true, checked: 20, firstSeq: 31 });
      expect(readFileSync(join(dir, 'archive.ndjson'), 'utf8').split('\n')[0]).toContain('"fromSeq":1');
      await expect(freshPartitions.archiveOldest(keys, join(dir, 'again.ndjson'))).rejects.toThrow(/no closed partition/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await source.destroy();
      await fresh.drop();
    }
  });
});
