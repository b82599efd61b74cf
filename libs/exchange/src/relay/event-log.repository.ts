import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CloudEvent } from '../outbox/cloud-event';

export interface StoredEvent {
  readonly seq: string;
  readonly recordedAt: string;
  readonly resourceCode: string | null;
  readonly event: CloudEvent;
}

export interface SequencedEvent extends StoredEvent {
  /** Position in the order events became visible; what feeds and deliveries page by. */
  readonly feedSeq: string;
}

interface EventRow {
  seq: string;
  recorded_at: string;
  feed_seq: string | null;
  id: string;
  type: string;
  source: string;
  subject: string;
  time: Date;
  datacontenttype: 'application/json';
  dataschema: string;
  data: unknown;
  resource_code: string | null;
}

/** Numbers as text (bigint exceeds a JS number). Order by `event_log.seq`, never by the alias, which sorts text. */
const COLUMNS = `seq::text AS seq, recorded_at::text AS recorded_at, feed_seq::text AS feed_seq, id, type, source, subject,
  time, datacontenttype, dataschema, data, resource_code`;

/** SQL over the outbox for the relay, the feed and deliveries; appends go through EventLog. */
@Injectable()
export class EventLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The oldest events not relayed yet, in the order they were appended — after `afterSeq` when given.
   * Relayed rows stay in the partial index as dead entries until vacuum; starting the scan after the
   * last relayed seq keeps a large drain from re-reading all of them on every batch.
   */
  async unrelayed(limit: number, afterSeq?: string): Promise<StoredEvent[]> {
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM event_log
        WHERE relayed_at IS NULL AND ($2::bigint IS NULL OR event_log.seq > $2::bigint)
        ORDER BY event_log.seq LIMIT $1`,
      [limit, afterSeq ?? null],
    );
    return rows.map(toStored);
  }

  /**
   * Marks events relayed and gives them their feed position, in `seq` order, in one statement.
   * Only the relay leader calls this, one batch at a time, so feed positions become visible in
   * increasing order: a reader paging by `feed_seq` never skips a row committed later.
   */
  async markRelayed(events: readonly StoredEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const rows: Array<{ n: number }> = await this.dataSource.query(
      // `seq = ANY` reaches each partition through its primary key (seq leads it); a row-value IN over
      // unnest() made the planner scan whole partitions, which at a million-event backlog cost seconds.
      `WITH picked AS (
         SELECT seq, recorded_at FROM event_log
          WHERE seq = ANY ($1::bigint[]) AND recorded_at = ANY ($2::timestamptz[]) AND relayed_at IS NULL
          ORDER BY seq),
       numbered AS (SELECT seq, recorded_at, nextval('event_feed_seq') AS feed_seq FROM picked),
       marked AS (
         UPDATE event_log e SET relayed_at = now(), feed_seq = n.feed_seq
           FROM numbered n WHERE e.seq = n.seq AND e.recorded_at = n.recorded_at
         RETURNING 1)
       -- Feed readers on other instances wake on this; sent in the same commit as the marks.
       SELECT n, pg_notify('hutong_feed', 'relayed') FROM (SELECT count(*)::int AS n FROM marked) c`,
      [events.map((e) => e.seq), events.map((e) => e.recordedAt)],
    );
    return rows[0]?.n ?? 0;
  }

  async backlog(): Promise<{ events: number; oldestAgeSeconds: number | null }> {
    const rows: Array<{ n: number; age: number | null }> = await this.dataSource.query(
      `SELECT count(*)::int AS n, extract(epoch FROM now() - min(recorded_at))::float8 AS age
         FROM event_log WHERE relayed_at IS NULL`,
    );
    return { events: rows[0]?.n ?? 0, oldestAgeSeconds: rows[0]?.age ?? null };
  }

  /** Relayed events of one resource after a feed position, oldest first. */
  async sequencedAfter(resourceCode: string, afterFeedSeq: string, limit: number): Promise<SequencedEvent[]> {
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM event_log
        WHERE resource_code = $1 AND feed_seq > $2::bigint
        ORDER BY event_log.feed_seq LIMIT $3`,
      [resourceCode, afterFeedSeq, limit],
    );
    return rows.map((row) => ({ ...toStored(row), feedSeq: row.feed_seq ?? '0' }));
  }

  /** The newest feed position, for a subscription that starts "from now". */
  async headFeedSeq(): Promise<string> {
    const rows: Array<{ head: string | null }> = await this.dataSource.query(
      'SELECT max(feed_seq)::text AS head FROM event_log WHERE feed_seq IS NOT NULL',
    );
    return rows[0]?.head ?? '0';
  }
}

function toStored(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    recordedAt: row.recorded_at,
    resourceCode: row.resource_code,
    event: {
      specversion: '1.0',
      id: row.id,
      source: row.source,
      type: row.type,
      subject: row.subject,
      time: row.time.toISOString(),
      datacontenttype: row.datacontenttype,
      dataschema: row.dataschema,
      data: row.data,
    },
  };
}
