import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeliveryMode, Subscription } from './subscription';

interface SubscriptionRow {
  id: string;
  consumer_code: string;
  resource_code: string;
  event_types: string[] | null;
  row_filter: { divisions: string[] } | null;
  delivery: DeliveryMode;
  status: 'active' | 'deleted';
  delivered_feed_seq: string;
  delivered_at: Date | null;
  failures: number;
  last_error: string | null;
  last_error_at: Date | null;
  created_at: Date;
}

const columns = (table: string) =>
  `${table}id, ${table}consumer_code, ${table}resource_code, ${table}event_types, ${table}row_filter, ${table}delivery,
   ${table}status, ${table}delivered_feed_seq::text AS delivered_feed_seq, ${table}delivered_at, ${table}failures,
   ${table}last_error, ${table}last_error_at, ${table}created_at`;
const COLUMNS = columns('');

export interface SubscriptionLag {
  readonly subscription: Subscription;
  readonly pendingEvents: number;
}

/** SQL for subscriptions and their delivery positions. */
@Injectable()
export class SubscriptionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(subscription: Subscription): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO subscriptions (id, consumer_code, resource_code, event_types, row_filter, delivery, delivered_feed_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7::bigint)`,
      [
        subscription.id,
        subscription.consumerCode,
        subscription.resourceCode,
        subscription.eventTypes,
        subscription.rowFilter === null ? null : JSON.stringify(subscription.rowFilter),
        subscription.delivery,
        subscription.deliveredFeedSeq,
      ],
    );
  }

  async find(id: string): Promise<Subscription | undefined> {
    const rows: SubscriptionRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM subscriptions WHERE id = $1`, [id]);
    return rows[0] && toSubscription(rows[0]);
  }

  async listFor(consumerCode: string): Promise<Subscription[]> {
    const rows: SubscriptionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM subscriptions WHERE consumer_code = $1 AND status = 'active' ORDER BY created_at, id`,
      [consumerCode],
    );
    return rows.map(toSubscription);
  }

  async activeKafka(): Promise<Subscription[]> {
    const rows: SubscriptionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM subscriptions WHERE status = 'active' AND delivery = 'kafka' ORDER BY created_at, id`,
    );
    return rows.map(toSubscription);
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE subscriptions SET status = 'deleted', deleted_at = now() WHERE id = $1`, [id]);
  }

  /** Moves the delivered position forward, never back (a feed reader may re-read an older cursor). */
  async advance(id: string, feedSeq: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE subscriptions SET delivered_feed_seq = greatest(delivered_feed_seq, $2::bigint), delivered_at = now(),
              failures = 0, last_error = NULL
        WHERE id = $1`,
      [id, feedSeq],
    );
  }

  async recordFailure(id: string, error: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE subscriptions SET failures = failures + 1, last_error = $2, last_error_at = now() WHERE id = $1',
      [id, error.slice(0, 2000)],
    );
  }

  /** Every active subscription with how many relayed events of its resource lie beyond its position. */
  async lags(): Promise<SubscriptionLag[]> {
    const rows: Array<SubscriptionRow & { pending: number }> = await this.dataSource.query(
      `SELECT ${columns('s.')},
              (SELECT count(*)::int FROM event_log e
                WHERE e.resource_code = s.resource_code AND e.feed_seq > s.delivered_feed_seq) AS pending
         FROM subscriptions s WHERE s.status = 'active' ORDER BY s.created_at, s.id`,
    );
    return rows.map((row) => ({ subscription: toSubscription(row), pendingEvents: row.pending }));
  }
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    consumerCode: row.consumer_code,
    resourceCode: row.resource_code,
    eventTypes: row.event_types,
    rowFilter: row.row_filter,
    delivery: row.delivery,
    status: row.status,
    deliveredFeedSeq: row.delivered_feed_seq,
    deliveredAt: row.delivered_at,
    failures: row.failures,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    createdAt: row.created_at,
  };
}
