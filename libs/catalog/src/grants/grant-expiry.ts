import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, type Logger } from '@hutong/platform';
import { DataSource } from 'typeorm';
import { AccessRequestRepository } from '../requests/access-request.repository';
import { CatalogChanges } from './catalog-changes';
import { GrantIssuer } from './grant-issuer';

const SWEEP_INTERVAL_MS = 30_000;
const BATCH = 200;

/**
 * Marks grants whose validity ended as expired, with their requests, history, event and all. Reads
 * never wait for this: the entitlement check compares validity with the clock on every call, so a
 * grant stops working the moment it ends; the sweep makes the end visible as a state and an event.
 * `SKIP LOCKED` lets several instances sweep without expiring a grant twice, and requests are locked
 * before their grants, as every decision does, so a sweep and a revocation never deadlock.
 */
@Injectable()
export class GrantExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: AccessRequestRepository,
    private readonly issuer: GrantIssuer,
    private readonly changes: CatalogChanges,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.sweep().catch((error: unknown) => this.logger.warn({ err: error }, 'grant expiry sweep failed')),
      SWEEP_INTERVAL_MS,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Expires what has lapsed; returns how many grants it expired. */
  sweep(now: Date = new Date()): Promise<number> {
    this.running ??= this.expireLapsed(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async expireLapsed(now: Date): Promise<number> {
    const lapsed = await this.dataSource.transaction(async (manager) => {
      const requests = await this.requests.lockLapsed(now, BATCH, manager);
      for (const request of requests) {
        const validTo = request.decision?.validTo ?? 'its end';
        await this.issuer.end(manager, request, 'expired', 'system', `validity ended ${validTo}`);
      }
      return requests;
    });
    for (const code of new Set(lapsed.map((request) => request.resourceCode))) this.changes.changed(code);
    return lapsed.length;
  }
}
