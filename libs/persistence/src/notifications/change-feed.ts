import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig, Logger } from '@hutong/platform';
import { NotificationChannel } from './notification-channel';

/** Receives the key of what changed, or `*` for "anything may have changed" (after a lost connection). */
export type ChangeListener = (key: string) => void;

/**
 * Tells a cache what changed: at once for this instance's own writes (`changed`), and through
 * LISTEN/NOTIFY for writes made anywhere else (another instance, the CLI, SQL by hand), fired by
 * triggers on the tables behind the cache. While the channel is down, `remoteChangesHeard` is false
 * and the cache must not be trusted. The embedded database serves one gateway only, so there every
 * writer that matters is this process and no channel is opened.
 */
export abstract class ChangeFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listeners = new Set<ChangeListener>();
  private readonly channel: NotificationChannel | undefined;

  protected constructor(config: AppConfig, logger: Logger, channel: string, what: string) {
    const databaseUrl = config.database.url;
    this.channel =
      databaseUrl === undefined
        ? undefined
        : new NotificationChannel({
            databaseUrl,
            channel,
            applicationName: `hutong-${what}-listener`,
            onMessage: (key) => this.changed(key),
            onReset: () => this.changed('*'),
            onLost: (error, retryInMs) => logger.warn({ err: error, retryInMs }, `${what} change listener lost its connection`),
          });
  }

  get remoteChangesHeard(): boolean {
    return this.channel === undefined || this.channel.connected;
  }

  /** Returns the way to stop listening (a long poll that ends must not leave its listener behind). */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(key: string): void {
    for (const listener of this.listeners) listener(key);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.channel?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.stop();
  }
}
