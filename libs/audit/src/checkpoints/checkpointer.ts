import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, LOGGER, type Logger } from '@hutong/platform';
import { AuditKeys } from '../keys/audit-keys';
import { AuditRepository, type AppendedLink } from '../store/audit.repository';
import { signCheckpoint } from './checkpoint';

/**
 * Signs the chain's head every AUDIT_CHECKPOINT_EVERY entries and, while entries arrive, at least
 * every AUDIT_CHECKPOINT_SECONDS. Checkpoints are what make a wholesale rewrite of the chain
 * detectable: a rewriter can recompute hashes but cannot sign.
 */
@Injectable()
export class Checkpointer implements OnApplicationShutdown {
  private lastSeq: number | undefined;
  private lastAtMs = Date.now();
  private pending: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly repository: AuditRepository,
    private readonly keys: AuditKeys,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => void this.checkpointHead(), config.audit.checkpointSeconds * 1000);
    this.timer.unref();
  }

  /** Called after every committed batch; signs when enough entries or time have passed. */
  noteAppended(head: AppendedLink): void {
    if (this.pending) return;
    this.pending = this.maybeSign(head).finally(() => {
      this.pending = undefined;
    });
  }

  /** Signs the current head now if it is not signed yet (timer, shutdown, tests). */
  async checkpointHead(): Promise<void> {
    await this.pending;
    const head = await this.repository.head().catch(() => undefined);
    if (head && head.seq !== (await this.lastSigned())) await this.sign(head);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checkpointHead().catch((error: unknown) => this.logger.warn({ err: error }, 'final audit checkpoint failed'));
  }

  private async maybeSign(head: AppendedLink): Promise<void> {
    const last = await this.lastSigned();
    const due =
      head.seq - last >= this.config.audit.checkpointEvery ||
      Date.now() - this.lastAtMs >= this.config.audit.checkpointSeconds * 1000;
    if (due) await this.sign(head);
  }

  private async lastSigned(): Promise<number> {
    this.lastSeq ??= (await this.repository.checkpoints()).at(-1)?.seq ?? 0;
    return this.lastSeq;
  }

  private async sign(head: AppendedLink): Promise<void> {
    try {
      const outcome = await this.repository.insertCheckpoint(await signCheckpoint(this.keys, head.seq, head.hash, new Date()));
      if (outcome === 'conflict') {
        this.logger.error(
          { seq: head.seq },
          'SECURITY: a different checkpoint already exists at this position (planted row or forked chain); run hutong audit verify',
        );
        return;
      }
      this.lastSeq = Math.max(this.lastSeq ?? 0, head.seq);
      this.lastAtMs = Date.now();
    } catch (error) {
      this.logger.error({ err: error, seq: head.seq }, 'audit checkpoint could not be written');
    }
  }
}
