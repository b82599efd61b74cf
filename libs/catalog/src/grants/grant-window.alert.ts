import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditAlerts, type Alert } from '@hutong/audit';
import { DataSource } from 'typeorm';

const WINDOW = '24 hours';

/**
 * Reviewer alert `outside_grant`: reads the log records under a grant at a time the grant did not
 * cover (before it started, after it ended or was revoked), or for a purpose other than the one it
 * was granted for. The entitlement check refuses such reads, so any hit means a path that bypassed
 * it or a clock gone wrong — exactly what an auditor wants to see (谁经手谁使用谁管理谁负责, Art. 17).
 */
@Injectable()
export class GrantWindowAlert implements OnModuleInit {
  constructor(
    private readonly alerts: AuditAlerts,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.alerts.register({ name: 'outside_grant', evaluate: () => this.evaluate() });
  }

  async evaluate(): Promise<Alert[]> {
    const rows: Array<{ principal: string; grant_id: string; n: string; why: string }> = await this.dataSource.query(
      `SELECT e.entry -> 'entry' -> 'principal' ->> 'id' AS principal, g.id::text AS grant_id, count(*)::text AS n,
              string_agg(DISTINCT CASE
                WHEN e.recorded_at < g.valid_from THEN 'before the grant started'
                WHEN e.recorded_at >= g.valid_to THEN 'after the grant ended'
                WHEN g.ended_at IS NOT NULL AND e.recorded_at >= g.ended_at THEN 'after the grant was revoked'
                ELSE 'for purpose ' || coalesce(e.entry -> 'entry' ->> 'purpose', '(none)') || ', granted for ' || g.purpose
              END, '; ') AS why
         FROM audit_entries e
         JOIN grants g ON g.id::text = e.entry -> 'entry' ->> 'grantId'
        WHERE e.recorded_at >= now() - interval '${WINDOW}'
          AND e.entry -> 'entry' ->> 'outcome' = 'allowed'
          AND e.entry -> 'entry' ->> 'resource' IS DISTINCT FROM 'access_request'
          AND (e.recorded_at < g.valid_from OR e.recorded_at >= g.valid_to
               OR (g.ended_at IS NOT NULL AND e.recorded_at >= g.ended_at)
               OR e.entry -> 'entry' ->> 'purpose' IS DISTINCT FROM g.purpose)
        GROUP BY 1, 2 ORDER BY count(*) DESC`,
    );
    return rows.map((row) => ({
      rule: 'outside_grant',
      principal: row.principal,
      observed: Number(row.n),
      threshold: 1,
      window: WINDOW,
      explanation: `${row.n} read(s) recorded under grant ${row.grant_id} ${row.why}.`,
    }));
  }
}
