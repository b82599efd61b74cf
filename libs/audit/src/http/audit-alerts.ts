import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface AlertThresholds {
  /** Denials by one principal (or anonymous client) within 10 minutes. */
  readonly denials: number;
  /** Distinct subjects touched by one principal within an hour. */
  readonly subjects: number;
  /** Requests in the last hour above this many times the principal's hourly average of the week before… */
  readonly volumeFactor: number;
  /** …and at least this many. */
  readonly volumeMinimum: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = { denials: 20, subjects: 200, volumeFactor: 5, volumeMinimum: 100 };

export interface Alert {
  /** denial_burst, enumeration, volume_spike, or a rule another library registered (e.g. outside_grant). */
  readonly rule: string;
  readonly principal: string;
  readonly observed: number;
  readonly threshold: number;
  readonly window: string;
  readonly explanation: string;
}

const PRINCIPAL = "coalesce(entry -> 'entry' -> 'principal' ->> 'id', 'client:' || (entry -> 'entry' ->> 'client'))";

/** A rule contributed by the library that knows its facts (the catalog knows grants). */
export interface AlertRule {
  readonly name: string;
  evaluate(): Promise<Alert[]>;
}

/**
 * Simple rules a reviewer can read and argue with, computed from the log itself; libraries that own
 * other facts register rules of their own (the catalog: reads outside a grant's window or purpose).
 */
@Injectable()
export class AuditAlerts {
  private readonly rules: AlertRule[] = [];

  constructor(private readonly dataSource: DataSource) {}

  register(rule: AlertRule): void {
    this.rules.push(rule);
  }

  async evaluate(thresholds: AlertThresholds): Promise<Alert[]> {
    const results = await Promise.all([
      this.denialBursts(thresholds),
      this.enumeration(thresholds),
      this.volumeSpikes(thresholds),
      ...this.rules.map((rule) => rule.evaluate()),
    ]);
    return results.flat();
  }

  private async denialBursts({ denials }: AlertThresholds): Promise<Alert[]> {
    const rows: Array<{ principal: string; n: string }> = await this.dataSource.query(
      `SELECT ${PRINCIPAL} AS principal, count(*)::text AS n FROM audit_entries
        WHERE recorded_at >= now() - interval '10 minutes' AND entry -> 'entry' ->> 'outcome' = 'denied'
        GROUP BY 1 HAVING count(*) >= $1 ORDER BY count(*) DESC`,
      [denials],
    );
    return rows.map((row) => ({
      rule: 'denial_burst',
      principal: row.principal,
      observed: Number(row.n),
      threshold: denials,
      window: '10 minutes',
      explanation: `${row.n} refused requests in 10 minutes: probing for access it does not have, or a broken client.`,
    }));
  }

  private async enumeration({ subjects }: AlertThresholds): Promise<Alert[]> {
    const rows: Array<{ principal: string; n: string }> = await this.dataSource.query(
      `SELECT ${PRINCIPAL} AS principal, count(DISTINCT subject)::text AS n
         FROM audit_entries, jsonb_array_elements_text(entry -> 'entry' -> 'subjects') AS subject
        WHERE recorded_at >= now() - interval '1 hour'
        GROUP BY 1 HAVING count(DISTINCT subject) >= $1 ORDER BY 2 DESC`,
      [subjects],
    );
    return rows.map((row) => ({
      rule: 'enumeration',
      principal: row.principal,
      observed: Number(row.n),
      threshold: subjects,
      window: '1 hour',
      explanation: `${row.n} different people or organisations looked up in an hour: a bulk enumeration pattern.`,
    }));
  }

  private async volumeSpikes({ volumeFactor, volumeMinimum }: AlertThresholds): Promise<Alert[]> {
    const rows: Array<{ principal: string; n: string; baseline: string }> = await this.dataSource.query(
      `WITH recent AS (
         SELECT ${PRINCIPAL} AS principal, count(*) AS n FROM audit_entries
          WHERE recorded_at >= now() - interval '1 hour' GROUP BY 1),
       usual AS (
         SELECT ${PRINCIPAL} AS principal, count(*) / 168.0 AS per_hour FROM audit_entries
          WHERE recorded_at >= now() - interval '169 hours' AND recorded_at < now() - interval '1 hour' GROUP BY 1)
       SELECT recent.principal, recent.n::text AS n, round(coalesce(usual.per_hour, 0), 2)::text AS baseline
         FROM recent LEFT JOIN usual USING (principal)
        WHERE recent.n >= $1 AND recent.n > $2 * coalesce(usual.per_hour, 0)
        ORDER BY recent.n DESC`,
      [volumeMinimum, volumeFactor],
    );
    return rows.map((row) => ({
      rule: 'volume_spike',
      principal: row.principal,
      observed: Number(row.n),
      threshold: Math.max(volumeMinimum, Math.ceil(volumeFactor * Number(row.baseline))),
      window: '1 hour',
      explanation: `${row.n} requests in the last hour against a usual ${row.baseline} per hour over the week before.`,
    }));
  }
}
