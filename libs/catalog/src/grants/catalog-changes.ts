import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NotificationChannel } from '@hutong/persistence';
import { AppConfig, LOGGER, type Logger } from '@hutong/platform';

/** Receives a resource code, or `*` for "anything may have changed". */
export type CatalogChangeListener = (resourceCode: string) => void;

/**
 * Tells the entitlement cache that an entry's status or a grant on it changed. This instance
 * announces its own writes at once; other instances' writes (and SQL by hand) arrive on
 * `hutong_catalog`, notified by triggers on catalog_resources and grants. While the channel is down
 * (PostgreSQL only), `remoteChangesHeard` is false and the cache is bypassed.
 */
@Injectable()
export class CatalogChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listeners = new Set<CatalogChangeListener>();
  private readonly channel: NotificationChannel | undefined;

  constructor(config: AppConfig, @Inject(LOGGER) logger: Logger) {
    const databaseUrl = config.database.url;
    this.channel =
      databaseUrl === undefined
        ? undefined
        : new NotificationChannel({
            databaseUrl,
            channel: 'hutong_catalog',
            applicationName: 'hutong-catalog-listener',
            onMessage: (code) => this.changed(code),
            onReset: () => this.changed('*'),
            onLost: (error, retryInMs) => logger.warn({ err: error, retryInMs }, 'catalog change listener lost its connection'),
          });
  }

  get remoteChangesHeard(): boolean {
    return this.channel === undefined || this.channel.connected;
  }

  subscribe(listener: CatalogChangeListener): void {
    this.listeners.add(listener);
  }

  changed(resourceCode: string): void {
    for (const listener of this.listeners) listener(resourceCode);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.channel?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.stop();
  }
}
