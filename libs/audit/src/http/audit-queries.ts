import { Injectable } from '@nestjs/common';
import { validationProblem } from '@hutong/platform';
import { DataSource } from 'typeorm';
import type { ChainedRecord } from '../chain/audit-record';
import { AuditKeys, type SubjectKind } from '../keys/audit-keys';

export interface EntryFilter {
  readonly from?: string;
  readonly to?: string;
  readonly principal?: string;
  readonly keyId?: string;
  readonly action?: string;
  readonly outcome?: string;
  readonly resource?: string;
  /** The clear identifier; it is HMAC-ed here and never stored or logged. */
  readonly subject?: string;
  readonly subjectKind?: SubjectKind;
  /** A position, as the decimal string the cursor carries (bigint-safe). */
  readonly afterSeq?: string;
  readonly limit: number;
}

export interface AuditEntryView extends Record<string, unknown> {
  seq: number;
  recordedAt: string;
  hash: string;
}

export interface StatsRow {
  day: string;
  principal: string | null;
  resource: string | null;
  requests: number;
  records: number;
  denials: number;
}

const WHERE = `
  ($1::timestamptz IS NULL OR recorded_at >= $1) AND ($2::timestamptz IS NULL OR recorded_at < $2)
  AND ($3::text IS NULL OR entry -> 'entry' -> 'principal' ->> 'id' = $3)
  AND ($4::text IS NULL OR entry -> 'entry' -> 'principal' ->> 'keyId' = $4)
  AND ($5::text IS NULL OR entry -> 'entry' ->> 'action' = $5)
  AND ($6::text IS NULL OR entry -> 'entry' ->> 'outcome' = $6)
  AND ($7::text IS NULL OR entry -> 'entry' ->> 'resource' = $7)
  AND ($8::jsonb IS NULL OR entry -> 'entry' -> 'subjects' @> $8)`;

/** Reviewer queries over the log (the SQL is here; the controller only maps parameters). */
@Injectable()
export class AuditQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: AuditKeys,
  ) {}

  async entries(filter: EntryFilter): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
    const rows: Array<{ position: string; hash: string; canonical: string }> = await this.dataSource.query(
      `SELECT seq::text AS position, hash, canonical FROM audit_entries
        WHERE ${WHERE} AND ($9::bigint IS NULL OR seq > $9)
        ORDER BY seq LIMIT $10`,
      [...this.parameters(filter), filter.afterSeq ?? null, filter.limit + 1],
    );
    const page = rows.slice(0, filter.limit);
    const items = page.map((row) => {
      const record = JSON.parse(row.canonical) as ChainedRecord;
      return { seq: record.seq, recordedAt: record.recordedAt, hash: row.hash, ...record.entry };
    });
    const last = page.at(-1);
    return { items, nextCursor: rows.length > filter.limit && last ? last.position : null };
  }

  async stats(filter: EntryFilter): Promise<StatsRow[]> {
    const rows: Array<{
      day: string;
      principal: string | null;
      resource: string | null;
      requests: string;
      records: string;
      denials: string;
    }> = await this.dataSource.query(
      `SELECT to_char(date_trunc('day', recorded_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') AS day,
                entry -> 'entry' -> 'principal' ->> 'id' AS principal,
                entry -> 'entry' ->> 'resource' AS resource,
                count(*)::text AS requests,
                coalesce(sum((entry -> 'entry' ->> 'recordCount')::bigint), 0)::text AS records,
                count(*) FILTER (WHERE entry -> 'entry' ->> 'outcome' = 'denied')::text AS denials
           FROM audit_entries WHERE ${WHERE}
          GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 LIMIT 10000`,
      this.parameters(filter),
    );
    return rows.map((row) => ({
      ...row,
      requests: Number(row.requests),
      records: Number(row.records),
      denials: Number(row.denials),
    }));
  }

  private parameters(filter: EntryFilter): unknown[] {
    if (filter.subject !== undefined && filter.subjectKind === undefined) {
      throw validationProblem([
        {
          field: 'subjectKind',
          rule: 'required_with_subject',
          message: 'say what kind of identifier subject is (citizen, organization, record, agency)',
        },
      ]);
    }
    const subject =
      filter.subject === undefined
        ? null
        : JSON.stringify([this.keys.subjectRef(filter.subjectKind ?? 'citizen', filter.subject)]);
    return [
      filter.from ?? null,
      filter.to ?? null,
      filter.principal ?? null,
      filter.keyId ?? null,
      filter.action ?? null,
      filter.outcome ?? null,
      filter.resource ?? null,
      subject,
    ];
  }
}
