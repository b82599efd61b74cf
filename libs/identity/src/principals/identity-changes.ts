import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, LOGGER, type Logger } from '@hutong/platform';
import { Client } from 'pg';

/** Receives a principal id, or `*` for "anything may have changed" (after a lost connection). */
export type ChangeListener = (principalId: string) => void;

const CHANNEL = 'hutong_identity';
const MAX_RECONNECT_DELAY_MS = 30_000;

/**
 * Tells the token guard's caches that a principal or one of its keys changed, so suspension and
 * revocation take effect on the next request (ARCHITECTURE §4).
 *
 * Changes made through this instance are announced locally at once. Changes made elsewhere (another
 * gateway instance, the CLI, SQL by hand) arrive through PostgreSQL LISTEN/NOTIFY, fired by a trigger
 * on the identity tables. While that channel is down, `remoteChangesHeard` is false and the guard
 * stops trusting its cache. The embedded database serves one gateway only, so there every writer
 * that matters is this process.
 */
@Injectable()
export class IdentityChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listeners = new Set<ChangeListener>();
  private client: Client | undefined;
  private connected = false;
  private stopped = false;
  private reconnectDelayMs = 500;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get remoteChangesHeard(): boolean {
    return this.config.database.url === undefined || this.connected;
  }

  subscribe(listener: ChangeListener): void {
    this.listeners.add(listener);
  }

  changed(principalId: string): void {
    for (const listener of this.listeners) listener(principalId);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.database.url !== undefined) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.database.url, application_name: 'hutong-identity-listener' });
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) this.changed(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, undefined));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    this.client = client;
    this.connected = true;
    this.reconnectDelayMs = 500;
    // Whatever changed while we were not listening is unknown: start from a clean cache.
    this.changed('*');
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== undefined && this.client !== client) return;
    this.connected = false;
    this.client = undefined;
    this.changed('*');
    client.removeAllListeners();
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn({ err: error, retryInMs: this.reconnectDelayMs }, 'identity change listener lost its connection');
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.listen(), this.reconnectDelayMs);
    this.reconnectTimer.unref();
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, MAX_RECONNECT_DELAY_MS);
  }
}
