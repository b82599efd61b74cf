import { Inject, Injectable } from '@nestjs/common';
import { ChangeFeed } from '@hutong/persistence';
import { AppConfig, LOGGER, type Logger } from '@hutong/platform';

/**
 * Tells the entitlement cache that an entry's status or a grant on it changed (the key is the
 * resource code). Other instances' changes arrive on `hutong_catalog`, notified by triggers on
 * catalog_resources and grants.
 */
@Injectable()
export class CatalogChanges extends ChangeFeed {
  constructor(config: AppConfig, @Inject(LOGGER) logger: Logger) {
    super(config, logger, 'hutong_catalog', 'catalog');
  }
}
