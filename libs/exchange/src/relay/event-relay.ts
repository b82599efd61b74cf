import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, HealthRegistry, LOGGER, MetricsRegistry, type Logger, type ReadinessCheck } from '@hutong/platform';
import type { Kafka, TopicMessages } from 'kafkajs';
import { Counter, Gauge, Histogram } from 'prom-client';
import { KAFKA_CLIENT } from '../kafka/kafka.module';
import { LazyProducer } from '../kafka/lazy-producer';
import { KafkaDeliveries } from '../subscriptions/kafka-deliveries';
import { EventLogRepository, type StoredEvent } from './event-log.repository';
import { toKafkaMessage, topicOf } from './kafka-messages';
import { RelayLeadership } from './relay-leadership';
import { FeedAdvanced, OutboxAppended } from './relay-signals';

const BATCH = 5000;
const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 30_000;
/** With LISTEN/NOTIFY the poll is only a fallback; the embedded database has no listener, so poll often. */
const POLL_MS = { notified: 1000, embedded: 200 } as const;
const LEADERSHIP_RETRY_MS = 2000;
/**
 * Least time between two passes. Every write NOTIFYs and every pass commits: waking a pass per write
 * made writers queue on PostgreSQL's server-wide NOTIFY commit lock. Gathering the appends of a few
 * milliseconds into one pass keeps the relay to a bounded number of commits a second at any write rate.
 */
const MIN_PASS_INTERVAL_MS = 25;
/**
 * Passes read on from the last relayed seq; at least this often one reads from the start instead,
 * to pick up events of transactions that committed after later ones were already relayed.
 */
const FULL_SCAN_EVERY_MS = 1000;

export interface RelayStatus {
  readonly leader: boolean;
  readonly kafka: boolean;
  readonly consecutiveFailures: number;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  readonly lastRelayedAt: string | null;
}

/**
 * Moves the outbox on (ARCHITECTURE §5). The leader instance takes unrelayed events in append
 * order, sends them to Kafka when it is configured (binary mode, key = subject, one topic per
 * resource, acks from all in-sync replicas, one request in flight so retries cannot reorder a
 * subject), and only then marks them relayed and gives them their feed position. A crash between
 * send and mark re-sends the same events with the same ids: at least once, never lost. Without
 * Kafka the same loop only sequences events for the HTTP feed. Then it hands new events to the
 * Kafka deliveries of subscriptions.
 */
@Injectable()
export class EventRelay implements OnApplicationBootstrap, OnApplicationShutdown, ReadinessCheck {
  readonly name = 'event-relay';
  private readonly leadership: RelayLeadership;
  private readonly producer: LazyProducer;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** An append was heard while a pass ran: the next sleep ends at once instead of waiting for the poll. */
  private wakeRequested = false;
  /** Last seq relayed, where the next pass continues; undefined = read from the start. */
  private cursor: string | undefined;
  private lastFullScan = 0;
  private failures = 0;
  private lastError: { message: string; at: Date } | undefined;
  private lastRelayedAt: Date | undefined;
  private readonly relayed: Counter;
  private readonly relayFailures: Counter;
  private readonly latency: Histogram;

  constructor(
    private readonly config: AppConfig,
    private readonly events: EventLogRepository,
    private readonly deliveries: KafkaDeliveries,
    private readonly appended: OutboxAppended,
    private readonly advanced: FeedAdvanced,
    metrics: MetricsRegistry,
    health: HealthRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(KAFKA_CLIENT) private readonly kafka: Kafka | null,
  ) {
    this.leadership = new RelayLeadership(config.database.url);
    this.producer = new LazyProducer(kafka);
    this.relayed = new Counter({
      name: 'hutong_events_relayed_total',
      help: 'Events relayed from the outbox',
      registers: [metrics.registry],
    });
    this.relayFailures = new Counter({
      name: 'hutong_event_relay_failures_total',
      help: 'Relay batches that failed',
      registers: [metrics.registry],
    });
    this.latency = new Histogram({
      name: 'hutong_event_relay_lag_seconds',
      help: 'Time from append to relay, per event',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60],
      registers: [metrics.registry],
    });
    const repository = events;
    new Gauge({
      name: 'hutong_event_backlog',
      help: 'Events appended but not relayed yet',
      registers: [metrics.registry],
      async collect() {
        this.set((await repository.backlog()).events);
      },
    });
    new Gauge({
      name: 'hutong_event_backlog_oldest_seconds',
      help: 'Age of the oldest event not relayed yet (0 when none)',
      registers: [metrics.registry],
      async collect() {
        this.set((await repository.backlog()).oldestAgeSeconds ?? 0);
      },
    });
    health.register(this);
    appended.subscribe(() => {
      this.wakeRequested = true;
      this.wake?.();
    });
  }

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    await this.producer.reset();
    await this.deliveries.close();
    await this.leadership.release();
  }

  status(): RelayStatus {
    return {
      leader: this.leadership.isLeader,
      kafka: this.kafka !== null,
      consecutiveFailures: this.failures,
      lastError: this.lastError?.message ?? null,
      lastErrorAt: this.lastError?.at.toISOString() ?? null,
      lastRelayedAt: this.lastRelayedAt?.toISOString() ?? null,
    };
  }

  /** Readiness reports backlog and lag; it does not fail on them — writes go on while Kafka is away. */
  async check(): Promise<{ status: 'up'; detail: Record<string, unknown> }> {
    const backlog = await this.events.backlog();
    return {
      status: 'up',
      detail: { ...this.status(), backlog: backlog.events, oldestUnrelayedSeconds: backlog.oldestAgeSeconds },
    };
  }

  /** One pass: relays what is waiting (up to a batch); returns how many events it relayed. */
  async relayOnce(): Promise<number> {
    const batch = await this.nextBatch();
    if (batch.length === 0) return 0;
    if (this.kafka) await this.send(batch);
    const marked = await this.events.markRelayed(batch);
    const now = Date.now();
    for (const item of batch) this.latency.observe((now - Date.parse(item.event.time)) / 1000);
    this.relayed.inc(marked);
    this.lastRelayedAt = new Date(now);
    this.advanced.changed('relayed');
    this.cursor = batch[batch.length - 1]?.seq;
    return batch.length;
  }

  private async nextBatch(): Promise<StoredEvent[]> {
    const now = Date.now();
    if (this.cursor !== undefined && now - this.lastFullScan < FULL_SCAN_EVERY_MS) {
      const onward = await this.events.unrelayed(BATCH, this.cursor);
      if (onward.length > 0) return onward;
    }
    this.lastFullScan = now;
    return this.events.unrelayed(BATCH);
  }

  private async run(): Promise<void> {
    let backoff = FIRST_BACKOFF_MS;
    while (!this.stopped) {
      if (!(await this.leadership.acquire())) {
        await this.sleep(LEADERSHIP_RETRY_MS);
        continue;
      }
      try {
        const started = Date.now();
        const relayed = await this.relayOnce();
        await this.deliveries.deliverAll();
        this.failures = 0;
        backoff = FIRST_BACKOFF_MS;
        if (relayed < BATCH) await this.sleep(this.config.database.url === undefined ? POLL_MS.embedded : POLL_MS.notified);
        await this.pause(MIN_PASS_INTERVAL_MS - (Date.now() - started));
      } catch (error) {
        this.failures += 1;
        this.relayFailures.inc();
        this.lastError = { message: error instanceof Error ? error.message : String(error), at: new Date() };
        this.logger.warn({ err: error, retryInMs: backoff, failures: this.failures }, 'event relay failed; retrying');
        await this.producer.reset();
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private async send(batch: readonly StoredEvent[]): Promise<void> {
    const byTopic = new Map<string, TopicMessages>();
    for (const item of batch) {
      const topic = topicOf(item.event, item.resourceCode);
      const entry = byTopic.get(topic) ?? { topic, messages: [] };
      entry.messages.push(toKafkaMessage(item.event));
      byTopic.set(topic, entry);
    }
    const producer = await this.producer.get();
    await producer.sendBatch({ topicMessages: [...byTopic.values()], acks: -1 });
  }

  /** Sleeps until woken by an append, or `ms`; returns at once if an append was heard meanwhile. */
  private sleep(ms: number): Promise<void> {
    if (this.wakeRequested || this.stopped) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), ms);
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.wakeRequested = false;
        resolve();
      };
      this.wake = done;
    });
  }

  /** A plain delay that appends do not cut short (only shutdown does not wait for it). */
  private pause(ms: number): Promise<void> {
    return ms <= 0 || this.stopped ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
  }
}
