import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Kafka, Message } from 'kafkajs';
import { KAFKA_CLIENT } from '../kafka/kafka.module';
import { LazyProducer } from '../kafka/lazy-producer';
import { EventLogRepository } from '../relay/event-log.repository';
import { deliveryTopic, toKafkaMessage } from '../relay/kafka-messages';
import { DELIVERY_GATE, isRecordEventData, type DeliveryGate } from './delivery-gate';
import { wants, type Subscription } from './subscription';
import { SubscriptionRepository } from './subscription.repository';

const PAGE = 500;

/**
 * Kafka delivery: for each subscription with `delivery: kafka`, the relayed events of its resource
 * beyond its position, filtered by its event types and row filter, projected through the
 * consumer's grant (DeliveryGate), go to the agency's own topic `hutong.delivery.{agencyCode}`;
 * the position moves only after Kafka acknowledged them. Run by the relay leader, one page per
 * subscription per pass, so one slow or failing subscription never holds up the others.
 */
@Injectable()
export class KafkaDeliveries {
  private readonly producer: LazyProducer;

  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly events: EventLogRepository,
    @Inject(DELIVERY_GATE) private readonly gate: DeliveryGate,
    @Optional() @Inject(KAFKA_CLIENT) private readonly kafka: Kafka | null,
  ) {
    this.producer = new LazyProducer(kafka);
  }

  async deliverAll(): Promise<void> {
    if (!this.kafka) return;
    for (const subscription of await this.subscriptions.activeKafka()) {
      try {
        await this.deliver(subscription);
      } catch (error) {
        await this.subscriptions.recordFailure(subscription.id, error instanceof Error ? error.message : String(error));
        await this.producer.reset();
      }
    }
  }

  async close(): Promise<void> {
    await this.producer.reset();
  }

  private async deliver(subscription: Subscription): Promise<void> {
    const page = await this.events.sequencedAfter(subscription.resourceCode, subscription.deliveredFeedSeq, PAGE);
    const last = page[page.length - 1];
    if (!last) return;
    const messages: Message[] = [];
    for (const item of page) {
      const divisions = isRecordEventData(item.event.data) ? item.event.data.divisions : undefined;
      if (!wants(subscription, item.event.type, divisions)) continue;
      const projected = await this.gate.project(subscription.consumerCode, subscription.resourceCode, item.event);
      if (projected) messages.push(toKafkaMessage(projected));
    }
    if (messages.length > 0) {
      const producer = await this.producer.get();
      await producer.send({ topic: deliveryTopic(subscription.consumerCode), messages, acks: -1 });
    }
    await this.subscriptions.advance(subscription.id, last.feedSeq);
  }
}
