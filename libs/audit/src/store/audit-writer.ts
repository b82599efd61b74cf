import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@hutong/platform';
import type { AuditEntry } from '../chain/audit-record';
import { AuditRepository, type AppendedLink } from './audit.repository';

/** Large enough to amortise a commit, small enough to keep one transaction short. */
const MAX_BATCH = 2_000;

interface Pending {
  readonly entry: AuditEntry;
  readonly resolve: (link: AppendedLink) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: `append` resolves once the entry is durable. While one batch commits, new entries
 * queue up and go together in the next transaction, so under load one commit carries many entries
 * and with no load an entry waits for nothing. A failed batch rejects every entry in it; callers
 * must not serve what they could not record (fail closed).
 */
@Injectable()
export class AuditWriter {
  private queue: Pending[] = [];
  private running: Promise<void> | undefined;
  private readonly listeners: Array<(head: AppendedLink) => void> = [];

  constructor(
    private readonly repository: AuditRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  append(entry: AuditEntry): Promise<AppendedLink> {
    return new Promise<AppendedLink>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Told the new head after every committed batch (the checkpointer listens). */
  onAppended(listener: (head: AppendedLink) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves when everything queued so far is written (or failed): for shutdown. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let entries from the same tick join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.writeQueued();
    // Cleared synchronously after the last check of the queue, so an entry appended from now on
    // starts a new drain instead of waiting for one that has finished.
    this.running = undefined;
    if (this.queue.length > 0) this.running = this.drain();
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const links = await this.repository.appendBatch(
          batch.map((pending) => pending.entry),
          new Date(),
        );
        batch.forEach((pending, index) => {
          const link = links[index];
          if (link) pending.resolve(link);
          else pending.reject(new Error('audit batch returned fewer links than entries'));
        });
        const head = links.at(-1);
        if (head) for (const listener of this.listeners) listener(head);
      } catch (error) {
        this.logger.error({ err: error, entries: batch.length }, 'audit entries could not be written');
        for (const pending of batch) pending.reject(error);
      }
    }
  }
}
