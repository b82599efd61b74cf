import { Client } from 'pg';
import { discardClient } from './discard-client';

export interface NotificationChannelOptions {
  readonly databaseUrl: string;
  /** PostgreSQL channel name; a plain identifier (it is interpolated into LISTEN). */
  readonly channel: string;
  readonly applicationName: string;
  /** A NOTIFY payload arrived. */
  readonly onMessage: (payload: string) => void;
  /**
   * The listener connected or lost its connection: whatever changed meanwhile is unknown, so
   * caches built on this channel must start clean.
   */
  readonly onReset: () => void;
  readonly onLost: (error: unknown, retryInMs: number) => void;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const FIRST_RECONNECT_DELAY_MS = 500;
const MAX_RECONNECT_DELAY_MS = 30_000;

/**
 * One dedicated connection that LISTENs on a channel and reconnects with back-off. Caches that must
 * hear about changes made by other gateway instances, the CLI or SQL by hand (revoked keys,
 * suspended agencies, changed grants) build on it; `connected` tells them whether to trust what they
 * hold.
 */
export class NotificationChannel {
  private client: Client | undefined;
  private connectedNow = false;
  private stopped = false;
  private reconnectDelayMs = FIRST_RECONNECT_DELAY_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: NotificationChannelOptions) {
    if (!CHANNEL_NAME.test(options.channel)) throw new Error(`not a channel name: ${options.channel}`);
  }

  get connected(): boolean {
    return this.connectedNow;
  }

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: this.options.applicationName });
    client.on('notification', (message) => {
      if (message.channel === this.options.channel && message.payload) this.options.onMessage(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, undefined));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    this.client = client;
    this.connectedNow = true;
    this.reconnectDelayMs = FIRST_RECONNECT_DELAY_MS;
    this.options.onReset();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.client?.end().catch(() => undefined);
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== undefined && this.client !== client) return;
    this.connectedNow = false;
    this.client = undefined;
    this.options.onReset();
    void discardClient(client);
    if (this.stopped) return;
    this.options.onLost(error, this.reconnectDelayMs);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.start(), this.reconnectDelayMs);
    this.reconnectTimer.unref();
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, MAX_RECONNECT_DELAY_MS);
  }
}
