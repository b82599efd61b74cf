import { hash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { exportLines } from '../http/audit-export';
import type { AuditKeys } from '../keys/audit-keys';
import { verifyWithCheckpoints } from '../checkpoints/audit-verifier';
import type { Checkpoint } from '../checkpoints/checkpoint';
import type { StoredLink } from '../chain/audit-record';
import { AuditRepository } from './audit.repository';

export interface PartitionInfo {
  readonly name: string;
  readonly fromSeq: number;
  /** Exclusive upper bound; null for the open partition that takes new entries. */
  readonly toSeqExclusive: number | null;
}

export interface ArchiveResult {
  readonly partition: string;
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly entries: number;
  readonly file: string;
  readonly fileSha256: string;
}

/**
 * Retention (owner-only operations, run from the CLI, never by the gateway): close the open
 * partition at the current head and open the next one; archive a closed partition by exporting it,
 * verifying the export, recording its head in audit_archives, and only then detaching and dropping
 * it. The remaining chain still verifies: its first entry's predecessor hash is in audit_archives.
 */
export class AuditPartitions {
  constructor(private readonly dataSource: DataSource) {}

  async list(manager: EntityManager = this.dataSource.manager): Promise<PartitionInfo[]> {
    const rows: Array<{ name: string; bound: string }> = await manager.query(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit_entries'::regclass ORDER BY c.relname`,
    );
    return rows
      .map((row) => {
        const match = /FROM \('(\d+)'\) TO \((?:'(\d+)'|MAXVALUE)\)/.exec(row.bound);
        return { name: row.name, fromSeq: Number(match?.[1] ?? 0), toSeqExclusive: match?.[2] ? Number(match[2]) : null };
      })
      .sort((a, b) => a.fromSeq - b.fromSeq);
  }

  /** Closes the open partition after the current head and opens a new one (monthly, from cron). */
  async startNext(): Promise<{ closed: PartitionInfo; opened: string }> {
    return this.dataSource.transaction(async (manager) => {
      // Appends wait for this transaction: no entry can land between reading the head and the split.
      await manager.query('LOCK TABLE audit_entries IN SHARE ROW EXCLUSIVE MODE');
      // Inside the transaction: on the embedded database another connection would wait for this one.
      const open = (await this.list(manager)).find((partition) => partition.toSeqExclusive === null);
      if (!open) throw new Error('audit_entries has no open partition');
      const heads: Array<{ head: string | null }> = await manager.query('SELECT max(seq)::text AS head FROM audit_entries');
      const next = Number(heads[0]?.head ?? 0) + 1;
      if (next <= open.fromSeq) throw new Error(`the open partition ${open.name} is still empty; nothing to close`);
      await manager.query(`ALTER TABLE audit_entries DETACH PARTITION ${quoteIdent(open.name)}`);
      await manager.query(
        `ALTER TABLE audit_entries ATTACH PARTITION ${quoteIdent(open.name)} FOR VALUES FROM (${open.fromSeq}) TO (${next})`,
      );
      const opened: Array<{ name: string }> = await manager.query('SELECT audit_start_partition($1) AS name', [next]);
      return { closed: { ...open, toSeqExclusive: next }, opened: opened[0]?.name ?? '' };
    });
  }

  /** Exports, verifies, records and then detaches the oldest closed partition. */
  async archiveOldest(keys: AuditKeys, file: string): Promise<ArchiveResult> {
    const partitions = await this.list();
    const oldest = partitions[0];
    if (!oldest || oldest.toSeqExclusive === null)
      throw new Error('no closed partition to archive: run "hutong audit partition" first');
    const repository = new AuditRepository(this.dataSource);
    const toSeq = oldest.toSeqExclusive - 1;
    let text = '';
    for await (const line of exportLines(repository, 'ndjson', oldest.fromSeq, toSeq)) text += line;
    const report = await verifyExportText(keys, text);
    if (!report.ok)
      throw new Error(
        `the partition does not verify (${report.problem?.kind ?? '?'} at ${report.problem?.seq ?? '?'}); nothing was archived`,
      );
    await writeFile(file, text, { flag: 'wx', mode: 0o600 });
    const fileSha256 = hash('sha256', text, 'hex');
    await this.dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO audit_archives (from_seq, to_seq, head_hash, file_sha256) VALUES ($1, $2, $3, $4)', [
        oldest.fromSeq,
        toSeq,
        report.headHash,
        fileSha256,
      ]);
      await manager.query(`ALTER TABLE audit_entries DETACH PARTITION ${quoteIdent(oldest.name)}`);
      await manager.query(`DROP TABLE ${quoteIdent(oldest.name)}`);
    });
    return { partition: oldest.name, fromSeq: oldest.fromSeq, toSeq, entries: report.checked, file, fileSha256 };
  }
}

async function verifyExportText(keys: AuditKeys, text: string) {
  const lines = text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string } & Record<string, unknown>);
  const range = lines[0] as unknown as { fromSeq: number; prevHash: string };
  const links = lines.filter((line) => line.type === 'link') as unknown as StoredLink[];
  const checkpoints = lines.filter((line) => line.type === 'checkpoint') as unknown as Checkpoint[];
  return verifyWithCheckpoints(keys, links, checkpoints, { seq: range.fromSeq, prevHash: range.prevHash });
}

function quoteIdent(name: string): string {
  if (!/^audit_entries_from_\d+$/.test(name)) throw new Error(`unexpected partition name ${name}`);
  return `"${name}"`;
}
