import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuditTrail } from '@hutong/platform';
import type { Kafka } from 'kafkajs';
import { ExchangeError } from '../exchange.errors';
import { KAFKA_CLIENT } from '../kafka/kafka.module';
import type { CloudEvent } from '../outbox/cloud-event';
import { EventLogRepository } from '../relay/event-log.repository';
import { deliveryTopic } from '../relay/kafka-messages';
import { FeedAdvanced } from '../relay/relay-signals';
import { DELIVERY_GATE, isRecordEventData, type DeliveryGate } from './delivery-gate';
import type { CreateSubscriptionDto } from './subscription.dto';
import { wants, type Subscription } from './subscription';
import { SubscriptionRepository } from './subscription.repository';

export interface SubscriptionView {
  readonly id: string;
  readonly resource: string;
  readonly eventTypes: readonly string[] | null;
  readonly rowFilter: { readonly divisions: readonly string[] } | null;
  readonly delivery: 'kafka' | 'feed';
  /** For kafka delivery: the agency's own topic. */
  readonly topic: string | null;
  readonly position: string;
  readonly createdAt: string;
}

export interface FeedPage {
  readonly events: readonly CloudEvent[];
  /** Pass as `after` for the next page; stable, opaque. */
  readonly next: string;
}

/** An event with the cursor just after it (the SSE `id`, so a stream resumes exactly there). */
export interface PositionedEvent {
  readonly event: CloudEvent;
  readonly cursor: string;
}

/** Pages scanned per feed call before answering with what was found (events outside the grant are skipped). */
const MAX_SCANS = 5;

/** Subscriptions of consumer agencies and the HTTP feed they read when they have no Kafka. */
@Injectable()
export class SubscriptionService {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly events: EventLogRepository,
    private readonly advanced: FeedAdvanced,
    @Inject(DELIVERY_GATE) private readonly gate: DeliveryGate,
    @Optional() @Inject(KAFKA_CLIENT) private readonly kafka: Kafka | null,
  ) {}

  async create(consumerCode: string, input: CreateSubscriptionDto): Promise<SubscriptionView> {
    if (input.delivery === 'kafka' && !this.kafka) {
      throw new ExchangeError(
        'kafka_not_configured',
        'This gateway runs without Kafka (KAFKA_BROKERS unset); subscribe with delivery "feed".',
      );
    }
    const allowed = await this.gate.maySubscribe(consumerCode, input.resource);
    if (!allowed.ok) throw new ExchangeError('not_entitled', `${allowed.detail} (${allowed.reason})`);
    const subscription: Subscription = {
      id: randomUUID(),
      consumerCode,
      resourceCode: input.resource,
      eventTypes: input.eventTypes ?? null,
      rowFilter: input.rowFilter ? { divisions: input.rowFilter.divisions } : null,
      delivery: input.delivery,
      status: 'active',
      deliveredFeedSeq: input.start === 'beginning' ? '0' : await this.events.headFeedSeq(),
      deliveredAt: null,
      failures: 0,
      lastError: null,
      lastErrorAt: null,
      createdAt: new Date(),
    };
    await this.subscriptions.insert(subscription);
    AuditTrail.record({ resource: input.resource, subjects: [{ kind: 'record', value: subscription.id }] });
    return toView(subscription);
  }

  async list(consumerCode: string): Promise<SubscriptionView[]> {
    return (await this.subscriptions.listFor(consumerCode)).map(toView);
  }

  async get(consumerCode: string, id: string): Promise<SubscriptionView> {
    return toView(await this.own(consumerCode, id));
  }

  async delete(consumerCode: string, id: string): Promise<void> {
    await this.own(consumerCode, id);
    await this.subscriptions.delete(id);
  }

  /**
   * Events after a cursor, each projected through the consumer's grant at the moment of reading —
   * a revoked or expired grant delivers nothing more. Waits up to `waitSeconds` for the relay to
   * make new events visible. Reading with a cursor acknowledges everything before it.
   */
  async feed(consumerCode: string, id: string, after: string | undefined, limit: number, waitSeconds: number): Promise<FeedPage> {
    const page = await this.read(consumerCode, id, after, limit, waitSeconds);
    return { events: page.events.map((item) => item.event), next: page.next };
  }

  /** The feed with each event's own cursor, for the stream; stops waiting when `signal` aborts. */
  async read(
    consumerCode: string,
    id: string,
    after: string | undefined,
    limit: number,
    waitSeconds: number,
    signal?: AbortSignal,
  ): Promise<{ events: PositionedEvent[]; next: string }> {
    const subscription = await this.own(consumerCode, id);
    if (subscription.delivery !== 'feed') {
      throw new ExchangeError(
        'wrong_delivery',
        `Subscription ${id} delivers to Kafka topic ${deliveryTopic(consumerCode)}; create a feed subscription to read over HTTP.`,
      );
    }
    let cursor = after === undefined ? subscription.deliveredFeedSeq : decodeCursor(after);
    await this.subscriptions.advance(id, cursor);
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      const changed = this.nextChange(deadline, signal);
      const page = await this.page(subscription, cursor, limit);
      cursor = page.cursor;
      if (page.events.length > 0 || Date.now() >= deadline || signal?.aborted) {
        changed.cancel();
        AuditTrail.record({ resource: subscription.resourceCode, recordCount: page.events.length });
        return { events: page.events, next: encodeCursor(cursor) };
      }
      await changed.promise;
    }
  }

  private async page(
    subscription: Subscription,
    from: string,
    limit: number,
  ): Promise<{ events: PositionedEvent[]; cursor: string }> {
    let cursor = from;
    const events: PositionedEvent[] = [];
    for (let scan = 0; scan < MAX_SCANS && events.length === 0; scan += 1) {
      const rows = await this.events.sequencedAfter(subscription.resourceCode, cursor, limit);
      for (const row of rows) {
        cursor = row.feedSeq;
        const divisions = isRecordEventData(row.event.data) ? row.event.data.divisions : undefined;
        if (!wants(subscription, row.event.type, divisions)) continue;
        const projected = await this.gate.project(subscription.consumerCode, subscription.resourceCode, row.event);
        if (projected) events.push({ event: projected, cursor: encodeCursor(row.feedSeq) });
      }
      if (rows.length < limit) break;
    }
    return { events, cursor };
  }

  /** Resolves when the relay makes events visible, the deadline passes, or the caller goes away. */
  private nextChange(deadline: number, signal?: AbortSignal): { promise: Promise<void>; cancel: () => void } {
    let cancel = (): void => undefined;
    const promise = new Promise<void>((resolve) => {
      const timer = setTimeout(finish, Math.max(0, deadline - Date.now()));
      const unsubscribe = this.advanced.subscribe(finish);
      signal?.addEventListener('abort', finish, { once: true });
      function finish(): void {
        clearTimeout(timer);
        unsubscribe();
        signal?.removeEventListener('abort', finish);
        resolve();
      }
      cancel = finish;
    });
    return { promise, cancel };
  }

  private async own(consumerCode: string, id: string): Promise<Subscription> {
    const subscription = await this.subscriptions.find(id);
    if (!subscription || subscription.status !== 'active' || subscription.consumerCode !== consumerCode) {
      throw new ExchangeError('subscription_not_found', `There is no subscription ${id} of yours.`);
    }
    return subscription;
  }
}

function toView(subscription: Subscription): SubscriptionView {
  return {
    id: subscription.id,
    resource: subscription.resourceCode,
    eventTypes: subscription.eventTypes,
    rowFilter: subscription.rowFilter,
    delivery: subscription.delivery,
    topic: subscription.delivery === 'kafka' ? deliveryTopic(subscription.consumerCode) : null,
    position: encodeCursor(subscription.deliveredFeedSeq),
    createdAt: subscription.createdAt.toISOString(),
  };
}

export function encodeCursor(feedSeq: string): string {
  return Buffer.from(`f:${feedSeq}`).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const match = /^f:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1]) throw new ExchangeError('bad_cursor', 'after must be a cursor this feed returned (next, or an SSE event id).');
  return match[1];
}
