import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface UsageDelta {
  readonly day: string;
  readonly consumerCode: string;
  readonly resourceCode: string;
  readonly requests: number;
  readonly records: number;
}

export interface UsageRow {
  readonly day: string;
  readonly consumer: string;
  readonly resource: string;
  readonly provider: string;
  readonly requests: number;
  readonly records: number;
}

export interface UsageQuery {
  readonly from: string;
  readonly to: string;
  readonly consumer?: string;
  readonly resource?: string;
  readonly provider?: string;
  readonly limit: number;
  readonly offset: number;
}

/** SQL for the daily usage counters (共享使用补偿, performance assessment). */
@Injectable()
export class UsageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds deltas in one statement; concurrent instances add, never overwrite. */
  async add(deltas: readonly UsageDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO usage_daily (day, consumer_code, resource_code, requests, records)
       SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])
       ON CONFLICT (day, consumer_code, resource_code)
       DO UPDATE SET requests = usage_daily.requests + EXCLUDED.requests, records = usage_daily.records + EXCLUDED.records`,
      [
        deltas.map((d) => d.day),
        deltas.map((d) => d.consumerCode),
        deltas.map((d) => d.resourceCode),
        deltas.map((d) => d.requests),
        deltas.map((d) => d.records),
      ],
    );
  }

  async day(day: string, consumerCode: string, resourceCode: string): Promise<{ requests: number; records: number }> {
    const rows: Array<{ requests: string; records: string }> = await this.dataSource.query(
      'SELECT requests::text, records::text FROM usage_daily WHERE day = $1 AND consumer_code = $2 AND resource_code = $3',
      [day, consumerCode, resourceCode],
    );
    return { requests: Number(rows[0]?.requests ?? 0), records: Number(rows[0]?.records ?? 0) };
  }

  async query(query: UsageQuery): Promise<UsageRow[]> {
    const rows: Array<{ day: string; consumer: string; resource: string; provider: string; requests: string; records: string }> =
      await this.dataSource.query(
        `SELECT u.day::text AS day, u.consumer_code AS consumer, u.resource_code AS resource, r.provider_code AS provider,
                u.requests::text AS requests, u.records::text AS records
           FROM usage_daily u JOIN catalog_resources r ON r.code = u.resource_code
          WHERE u.day BETWEEN $1 AND $2
            AND ($3::text IS NULL OR u.consumer_code = $3)
            AND ($4::text IS NULL OR u.resource_code = $4)
            AND ($5::text IS NULL OR r.provider_code = $5)
          ORDER BY u.day, u.resource_code, u.consumer_code
          OFFSET $6 LIMIT $7`,
        [query.from, query.to, query.consumer ?? null, query.resource ?? null, query.provider ?? null, query.offset, query.limit],
      );
    return rows.map((row) => ({ ...row, requests: Number(row.requests), records: Number(row.records) }));
  }
}
