import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, LOGGER, type Logger } from '@hutong/platform';
import { DataSource } from 'typeorm';
import { EventLogPartitions } from './event-log-partitions';

const EVERY_MS = 3_600_000;

/** Runs the outbox's partition maintenance at start and hourly; without DDL rights it says so and carries on. */
@Injectable()
export class EventLogRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private readonly partitions: EventLogPartitions;

  constructor(
    dataSource: DataSource,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.partitions = new EventLogPartitions(dataSource);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
    this.timer = setInterval(() => void this.run(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async run(): Promise<void> {
    try {
      const result = await this.partitions.maintain(this.config.exchange.retentionDays);
      if (result && (result.created.length > 0 || result.dropped.length > 0 || result.skipped.length > 0)) {
        this.logger.info(result, 'event log partitions maintained');
      }
    } catch (error) {
      this.logger.warn(
        { err: error },
        'event log partitions could not be maintained (this role may lack DDL rights): run `hutong events partition` as the table owner',
      );
    }
  }
}
