import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NotificationChannel } from '@hutong/persistence';
import { AppConfig, LOGGER, type Logger } from '@hutong/platform';

/** Receives a principal id, or `*` for "anything may have changed" (after a lost connection). */
export type ChangeListener = (principalId: string) => void;

/**
 * Tells the token guard's caches that a principal or one of its keys changed, so suspension and
 * revocation take effect on the next request (ARCHITECTURE §4).
 *
 * Changes made through this instance are announced locally at once. Changes made elsewhere (another
 * gateway instance, the CLI, SQL by hand) arrive through PostgreSQL LISTEN/NOTIFY on
 * `hutong_identity`, fired by a trigger on the identity tables. While that channel is down,
 * `remoteChangesHeard` is false and the guard stops trusting its cache. The embedded database serves
 * one gateway only, so there every writer that matters is this process.
 */
@Injectable()
export class IdentityChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listeners = new Set<ChangeListener>();
  private readonly channel: NotificationChannel | undefined;

  constructor(config: AppConfig, @Inject(LOGGER) logger: Logger) {
    const databaseUrl = config.database.url;
    this.channel =
      databaseUrl === undefined
        ? undefined
        : new NotificationChannel({
            databaseUrl,
            channel: 'hutong_identity',
            applicationName: 'hutong-identity-listener',
            onMessage: (principalId) => this.changed(principalId),
            onReset: () => this.changed('*'),
            onLost: (error, retryInMs) => logger.warn({ err: error, retryInMs }, 'identity change listener lost its connection'),
          });
  }

  get remoteChangesHeard(): boolean {
    return this.channel === undefined || this.channel.connected;
  }

  subscribe(listener: ChangeListener): void {
    this.listeners.add(listener);
  }

  changed(principalId: string): void {
    for (const listener of this.listeners) listener(principalId);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.channel?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.stop();
  }
}
