import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { AuditEntry, StoredLink } from '../chain/audit-record';
import { canonicalText, GENESIS_HASH, linkHash } from '../chain/chain-hash';
import type { Checkpoint } from '../checkpoints/checkpoint';

/**
 * One chain for all gateway instances, appended optimistically: a batch is built on the head this
 * process last saw and inserted in one statement; if another instance appended meanwhile, the
 * primary key refuses the whole statement, the head is re-read and the batch rebuilt on it. Every
 * entry therefore follows the one before it whichever instance wrote it, and an uncontended batch
 * costs a single round trip. (One chain per instance would avoid the retries but make "what
 * happened, in what order" a merge of several chains for the reviewer.)
 */
const MAX_ATTEMPTS = 8;
const READ_PAGE = 5_000;

export interface AppendedLink {
  readonly seq: number;
  readonly hash: string;
}

@Injectable()
export class AuditRepository {
  /** The last head this process wrote or read; a guess that the primary key checks. */
  private knownHead: AppendedLink | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /** Appends entries in order, atomically, and returns their positions and hashes. */
  async appendBatch(entries: readonly AuditEntry[], recordedAt: Date): Promise<AppendedLink[]> {
    for (let attempt = 1; ; attempt += 1) {
      const head = this.knownHead ?? (await this.head()) ?? { seq: 0, hash: GENESIS_HASH };
      const rows = chainAfter(head, entries, recordedAt.toISOString());
      try {
        await this.dataSource.query(
          `INSERT INTO audit_entries (seq, recorded_at, prev_hash, hash, canonical)
           SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[])`,
          [rows.seq, rows.at, rows.prev, rows.hash, rows.canonical],
        );
      } catch (error) {
        this.knownHead = undefined;
        if (!isDuplicatePosition(error) || attempt >= MAX_ATTEMPTS) throw error;
        continue;
      }
      const links = rows.seq.map((seq, index) => ({ seq, hash: rows.hash[index] ?? '' }));
      this.knownHead = links.at(-1);
      return links;
    }
  }

  /** Links from `fromSeq` on (up to `toSeq`), in position order, read a page at a time. */
  async *links(fromSeq = 1, toSeq?: number): AsyncGenerator<StoredLink> {
    let next = fromSeq;
    for (;;) {
      const rows: Array<{ position: string; recorded_at: Date; prev_hash: string; hash: string; canonical: string }> =
        await this.dataSource.query(
          `SELECT seq::text AS position, recorded_at, prev_hash, hash, canonical FROM audit_entries
          WHERE seq >= $1 AND ($2::bigint IS NULL OR seq <= $2) ORDER BY seq LIMIT $3`,
          [next, toSeq ?? null, READ_PAGE],
        );
      for (const row of rows) {
        const recordedAt = row.recorded_at.toISOString();
        yield { seq: Number(row.position), recordedAt, prevHash: row.prev_hash, hash: row.hash, canonical: row.canonical };
      }
      if (rows.length < READ_PAGE) return;
      next = Number(rows[rows.length - 1]?.position) + 1;
    }
  }

  /**
   * The hash of the entry before `seq`: the genesis value before the first, the stored row, or —
   * for the first entry after an archived partition — the head recorded when it was archived.
   */
  async hashBefore(seq: number): Promise<string> {
    if (seq <= 1) return GENESIS_HASH;
    const rows: Array<{ hash: string }> = await this.dataSource.query(
      `SELECT hash FROM audit_entries WHERE seq = $1
       UNION ALL SELECT head_hash FROM audit_archives WHERE to_seq = $1 LIMIT 1`,
      [seq - 1],
    );
    return rows[0]?.hash ?? GENESIS_HASH;
  }

  /** The first position still in the table (after archived partitions), or 1. */
  async firstSeq(): Promise<number> {
    const rows: Array<{ first: string | null }> = await this.dataSource.query(
      'SELECT min(seq)::text AS first FROM audit_entries',
    );
    return Number(rows[0]?.first ?? 1);
  }

  async head(): Promise<AppendedLink | undefined> {
    const rows: Array<{ head_seq: string; hash: string }> = await this.dataSource.query(
      'SELECT seq::text AS head_seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1',
    );
    const row = rows[0];
    return row && { seq: Number(row.head_seq), hash: row.hash };
  }

  /**
   * Stores a checkpoint. Another instance may have signed the same position: that is fine if it
   * vouches for the same hash. A different hash at that position means a planted row (or a forked
   * chain), which is reported rather than silently kept.
   */
  async insertCheckpoint(checkpoint: Checkpoint): Promise<'stored' | 'already_signed' | 'conflict'> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO audit_checkpoints (seq, head_hash, created_at, kid, jws) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (seq) DO NOTHING RETURNING 1`,
      [checkpoint.seq, checkpoint.headHash, checkpoint.createdAt, checkpoint.kid, checkpoint.jws],
    );
    if (inserted.length === 1) return 'stored';
    const existing: Array<{ head_hash: string }> = await this.dataSource.query(
      'SELECT head_hash FROM audit_checkpoints WHERE seq = $1',
      [checkpoint.seq],
    );
    return existing[0]?.head_hash === checkpoint.headHash ? 'already_signed' : 'conflict';
  }

  async checkpoints(fromSeq = 1, toSeq?: number): Promise<Checkpoint[]> {
    const rows: Array<{ cp_seq: string; head_hash: string; created_at: Date; kid: string; jws: string }> =
      await this.dataSource.query(
        `SELECT seq::text AS cp_seq, head_hash, created_at, kid, jws FROM audit_checkpoints
        WHERE seq >= $1 AND ($2::bigint IS NULL OR seq <= $2) ORDER BY seq`,
        [fromSeq, toSeq ?? null],
      );
    return rows.map((row) => ({
      seq: Number(row.cp_seq),
      headHash: row.head_hash,
      createdAt: row.created_at.toISOString(),
      kid: row.kid,
      jws: row.jws,
    }));
  }
}

interface ChainRows {
  seq: number[];
  at: string[];
  prev: string[];
  hash: string[];
  canonical: string[];
}

function chainAfter(head: AppendedLink, entries: readonly AuditEntry[], at: string): ChainRows {
  const rows: ChainRows = { seq: [], at: [], prev: [], hash: [], canonical: [] };
  let seq = head.seq;
  let prev = head.hash;
  for (const entry of entries) {
    seq += 1;
    const canonical = canonicalText({ seq, recordedAt: at, prev, entry });
    const hash = linkHash(canonical);
    rows.seq.push(seq);
    rows.at.push(at);
    rows.prev.push(prev);
    rows.hash.push(hash);
    rows.canonical.push(canonical);
    prev = hash;
  }
  return rows;
}

function isDuplicatePosition(error: unknown): boolean {
  const driverError =
    error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
  // The key is enforced per partition: audit_entries_from_<n>_pkey.
  return driverError?.code === '23505' && /^audit_entries(_from_\d+)?_pkey$/.test(driverError.constraint ?? '');
}
