import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LOGGER, type Logger } from '@hutong/platform';
import { chinaDate } from '../requests/working-days';
import { UsageRepository, type UsageDelta } from './usage.repository';

const FLUSH_INTERVAL_MS = 1000;

interface Counter {
  day: string;
  requests: number;
  records: number;
}

/**
 * Counts reads per consumer × resource × day (China Standard Time). Counting is in memory and
 * flushed once a second as additive upserts, so a read costs no extra statement; the same counts
 * back the grants' daily quotas. Across several instances each adds its own reads to the shared
 * rows; an instance's view of today's total is the database total when it first looked plus its own
 * reads since, so quotas are exact on one instance and may be overrun by the other instances' reads
 * of the last moments on several.
 */
@Injectable()
export class Metering implements OnModuleInit, OnApplicationShutdown {
  private readonly pending = new Map<string, UsageDelta>();
  private readonly today = new Map<string, Counter>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly usage: UsageRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  record(consumerCode: string, resourceCode: string, records: number, at: Date = new Date()): void {
    const day = chinaDate(at);
    const key = `${consumerCode}|${resourceCode}`;
    const pendingKey = `${day}|${key}`;
    const delta = this.pending.get(pendingKey);
    this.pending.set(pendingKey, {
      day,
      consumerCode,
      resourceCode,
      requests: (delta?.requests ?? 0) + 1,
      records: (delta?.records ?? 0) + records,
    });
    const counter = this.counter(key, day);
    if (counter) {
      counter.requests += 1;
      counter.records += records;
    }
  }

  /** Today's usage as far as this instance knows, or undefined until `load` ran today. */
  usageToday(
    consumerCode: string,
    resourceCode: string,
    at: Date = new Date(),
  ): { requests: number; records: number } | undefined {
    return this.counter(`${consumerCode}|${resourceCode}`, chinaDate(at));
  }

  /** Reads today's total from the database (plus what this instance has not flushed yet). */
  async load(consumerCode: string, resourceCode: string, at: Date = new Date()): Promise<void> {
    const day = chinaDate(at);
    const stored = await this.usage.day(day, consumerCode, resourceCode);
    const unflushed = this.pending.get(`${day}|${consumerCode}|${resourceCode}`);
    this.today.set(`${consumerCode}|${resourceCode}`, {
      day,
      requests: stored.requests + (unflushed?.requests ?? 0),
      records: stored.records + (unflushed?.records ?? 0),
    });
  }

  /** Writes what was counted since the last flush; waits for a flush already under way. */
  async flush(): Promise<void> {
    const previous = this.flushing;
    const next = previous.then(async () => {
      if (this.pending.size === 0) return;
      const deltas = [...this.pending.values()];
      this.pending.clear();
      try {
        await this.usage.add(deltas);
      } catch (error) {
        // Keep the counts for the next attempt rather than lose them.
        for (const delta of deltas) this.merge(delta);
        this.logger.warn({ err: error, rows: deltas.length }, 'usage counters could not be written; retrying');
      }
    });
    this.flushing = next;
    await next;
  }

  private merge(delta: UsageDelta): void {
    const key = `${delta.day}|${delta.consumerCode}|${delta.resourceCode}`;
    const existing = this.pending.get(key);
    this.pending.set(key, {
      ...delta,
      requests: delta.requests + (existing?.requests ?? 0),
      records: delta.records + (existing?.records ?? 0),
    });
  }

  private counter(key: string, day: string): Counter | undefined {
    const counter = this.today.get(key);
    if (!counter) return undefined;
    if (counter.day !== day) {
      this.today.delete(key);
      return undefined;
    }
    return counter;
  }
}
