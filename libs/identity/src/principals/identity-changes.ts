import { Inject, Injectable } from '@nestjs/common';
import { ChangeFeed } from '@hutong/persistence';
import { AppConfig, LOGGER, type Logger } from '@hutong/platform';

/**
 * Tells the token guard's caches that a principal or one of its keys changed (the key is the
 * principal id), so suspension and revocation take effect on the next request (ARCHITECTURE §4).
 * Other instances' changes arrive on `hutong_identity`, notified by a trigger on the identity tables.
 */
@Injectable()
export class IdentityChanges extends ChangeFeed {
  constructor(config: AppConfig, @Inject(LOGGER) logger: Logger) {
    super(config, logger, 'hutong_identity', 'identity');
  }
}
