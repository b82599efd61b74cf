import type { DataSource } from 'typeorm';

const DAY_MS = 86_400_000;
/** Days of partitions created ahead, so a day's partition exists long before its first event. */
const DAYS_AHEAD = 7;
const PARTITION_NAME = /^event_log_d(\d{4})(\d{2})(\d{2})$/;
/** Any constant: DDL on the outbox's partitions runs under it, one instance at a time. */
const MAINTENANCE_LOCK = 7_211_002_017;

export interface PartitionMaintenance {
  readonly created: readonly string[];
  readonly dropped: readonly string[];
  /** Days whose partition could not be created because the default partition already holds rows of them. */
  readonly skipped: readonly string[];
  /** Old rows removed from the default partition (days that never had a partition). */
  readonly defaultRowsDeleted: number;
}

/**
 * The outbox's daily partitions (UTC days): creates today's and the next week's, and drops whole
 * days older than the retention once every event of that day has been relayed — an unrelayed event
 * is never dropped, however old. Rows that landed in the default partition are deleted by the same
 * rule. Needs the rights of the table owner (DDL): the gateway runs it hourly and logs when it may
 * not; `hutong events partition` runs it as the owner.
 */
export class EventLogPartitions {
  constructor(private readonly dataSource: DataSource) {}

  async maintain(retentionDays: number, now: Date = new Date()): Promise<PartitionMaintenance | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const [lock] = await manager.query<
        Array<{
          locked: boolean;
        }>
      >('SELECT pg_try_advisory_xact_lock($1) AS locked', [MAINTENANCE_LOCK]);
      if (!lock?.locked) return undefined;
      const existing = new Set(
        (
          await manager.query<Array<{ name: string }>>(
            `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'event_log'::regclass`,
          )
        ).map((row) => row.name),
      );
      const created: string[] = [];
      const skipped: string[] = [];
      for (let offset = 0; offset <= DAYS_AHEAD; offset += 1) {
        const day = utcDay(new Date(now.getTime() + offset * DAY_MS));
        const name = partitionName(day);
        if (existing.has(name)) continue;
        const held = await manager.query<Array<{ held: boolean }>>(
          'SELECT EXISTS (SELECT 1 FROM event_log_default WHERE recorded_at >= $1 AND recorded_at < $2) AS held',
          [day.toISOString(), new Date(day.getTime() + DAY_MS).toISOString()],
        );
        if (held[0]?.held) {
          skipped.push(name);
          continue;
        }
        await manager.query(
          `CREATE TABLE ${name} PARTITION OF event_log FOR VALUES FROM ('${day.toISOString()}') TO ('${new Date(day.getTime() + DAY_MS).toISOString()}')`,
        );
        created.push(name);
      }
      const cutoff = utcDay(new Date(now.getTime() - retentionDays * DAY_MS));
      const dropped: string[] = [];
      for (const name of existing) {
        const day = dayOf(name);
        if (!day || day.getTime() + DAY_MS > cutoff.getTime()) continue;
        const pending = await manager.query<
          Array<{
            pending: boolean;
          }>
        >(`SELECT EXISTS (SELECT 1 FROM ${name} WHERE relayed_at IS NULL) AS pending`);
        if (pending[0]?.pending) continue;
        await manager.query(`ALTER TABLE event_log DETACH PARTITION ${name}`);
        await manager.query(`DROP TABLE ${name}`);
        dropped.push(name);
      }
      const deleted = await manager.query<Array<{ n: number }>>(
        `WITH gone AS (DELETE FROM event_log_default WHERE recorded_at < $1 AND relayed_at IS NOT NULL RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [cutoff.toISOString()],
      );
      return { created, dropped, skipped, defaultRowsDeleted: deleted[0]?.n ?? 0 };
    });
  }
}

function utcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export function partitionName(day: Date): string {
  return `event_log_d${day.toISOString().slice(0, 10).replace(/-/g, '')}`;
}

function dayOf(name: string): Date | undefined {
  const match = PARTITION_NAME.exec(name);
  return match ? new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`) : undefined;
}
