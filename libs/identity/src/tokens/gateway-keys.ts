import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, LOGGER, type Logger } from '@hutong/platform';
import { loadSigningKeys, readKeyDirectory, type GatewaySigningKey } from './signing-key-store';

const PERIODIC_RELOAD_MS = 60_000;
const MIN_ON_DEMAND_RELOAD_INTERVAL_MS = 1_000;

export interface PublishedJwk extends Record<string, string> {
  kid: string;
  alg: string;
  use: 'sig';
}

/**
 * The gateway's signing keys in memory. The directory is re-read every minute and, at most once a
 * second, when a token names a kid this instance has not seen (another instance rotated first):
 * instances sharing a key directory agree within a second of a rotation.
 */
@Injectable()
export class GatewayKeys implements OnApplicationShutdown {
  private keys: GatewaySigningKey[] = [];
  private lastReloadAt = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  static async create(config: AppConfig, logger: Logger): Promise<GatewayKeys> {
    const store = new GatewayKeys(config, logger);
    store.keys = await loadSigningKeys(config.auth, logger);
    store.lastReloadAt = Date.now();
    store.timer = setInterval(() => void store.reload(), PERIODIC_RELOAD_MS);
    store.timer.unref();
    return store;
  }

  get signingKey(): GatewaySigningKey {
    const key = this.keys[this.keys.length - 1];
    if (!key) throw new Error('no signing key loaded');
    return key;
  }

  /** The key a token's `kid` names, reloading the directory once if it is not known yet. */
  async verificationKey(kid: string): Promise<GatewaySigningKey | undefined> {
    const known = this.keys.find((key) => key.kid === kid);
    if (known || Date.now() - this.lastReloadAt < MIN_ON_DEMAND_RELOAD_INTERVAL_MS) return known;
    await this.reload();
    return this.keys.find((key) => key.kid === kid);
  }

  /** Newest first, as RFC 7517 clients conventionally try them. */
  jwks(): { keys: PublishedJwk[] } {
    return {
      keys: [...this.keys].reverse().map((key) => ({ ...key.publicJwk, kid: key.kid, alg: key.alg, use: 'sig' as const })),
    };
  }

  async reload(): Promise<void> {
    this.lastReloadAt = Date.now();
    try {
      const keys = await readKeyDirectory(this.config.auth.signingKeysDir);
      if (keys.length === 0) {
        this.logger.error({ dir: this.config.auth.signingKeysDir }, 'signing key directory is empty; keeping the keys in memory');
        return;
      }
      const before = this.signingKey.kid;
      this.keys = keys;
      if (this.signingKey.kid !== before) this.logger.info({ kid: this.signingKey.kid }, 'token-signing key rotated');
    } catch (error) {
      this.logger.error({ err: error }, 'could not re-read the signing key directory; keeping the keys in memory');
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
