import { Module, type DynamicModule } from '@nestjs/common';
import { EventLogRepository } from './relay/event-log.repository';
import { EventRelay } from './relay/event-relay';
import { ExchangeStatusController } from './relay/exchange-status.controller';
import { FeedAdvanced, OutboxAppended } from './relay/relay-signals';
import { EventLogRetention } from './retention/event-log-retention';
import { KafkaDeliveries } from './subscriptions/kafka-deliveries';
import { SubscriptionRepository } from './subscriptions/subscription.repository';
import { SubscriptionService } from './subscriptions/subscription.service';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';

/**
 * Exchange (ARCHITECTURE §5): the relay from the outbox to Kafka and the feed, subscriptions, Kafka
 * deliveries to agency topics, the HTTP feed and stream, and the operators' status view. Needs a
 * DeliveryGate under DELIVERY_GATE (the catalog provides it) and the outbox (EventLogModule).
 */
@Module({})
export class ExchangeModule {
  static forRoot(): DynamicModule {
    return {
      module: ExchangeModule,
      controllers: [SubscriptionsController, ExchangeStatusController],
      providers: [
        EventLogRepository,
        EventRelay,
        OutboxAppended,
        FeedAdvanced,
        KafkaDeliveries,
        SubscriptionRepository,
        SubscriptionService,
        EventLogRetention,
      ],
      exports: [EventRelay],
    };
  }
}
