import { Inject, Injectable } from '@nestjs/common';
import { ChangeFeed } from '@hutong/persistence';
import { AppConfig, LOGGER, type Logger } from '@hutong/platform';

/** Wakes the relay when events are appended (statement trigger on event_log → `hutong_events`). */
@Injectable()
export class OutboxAppended extends ChangeFeed {
  constructor(config: AppConfig, @Inject(LOGGER) logger: Logger) {
    super(config, logger, 'hutong_events', 'outbox');
  }
}

/**
 * Wakes feed readers waiting on a long poll or a stream when the relay has made events visible:
 * locally at once, on other instances through `hutong_feed` (the relay notifies after each batch).
 */
@Injectable()
export class FeedAdvanced extends ChangeFeed {
  constructor(config: AppConfig, @Inject(LOGGER) logger: Logger) {
    super(config, logger, 'hutong_feed', 'feed');
  }
}
