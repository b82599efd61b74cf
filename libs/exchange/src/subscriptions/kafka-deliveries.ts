import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Kafka, Message, Producer } from 'kafkajs';
import { KAFKA_CLIENT } from '../kafka/kafka.module';
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
  private producer: Producer | undefined;

  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly events: EventLogRepository,
    @Inject(DELIVERY_GATE) private readonly gate: DeliveryGate,
    @Optional() @Inject(KAFKA_CLIENT) private readonly kafka: Kafka | null,
  ) {}

  async deliverAll(): Promise<void> {
    if (!this.kafka) return;
    for (const subscription of await this.subscriptions.activeKafka()) {
      try {
        await this.deliver(subscription);
      } catch (error) {
        await this.subscriptions.recordFailure(subscription.id, error instanceof Error ? error.message : String(error));
        await this.resetProducer();
      }
    }
  }

  async close(): Promise<void> {
    await this.resetProducer();
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
      const producer = await this.connectedProducer();
      await producer.send({ topic: deliveryTopic(subscription.consumerCode), messages, acks: -1 });
    }
    await this.subscriptions.advance(subscription.id, last.feedSeq);
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    if (!this.kafka) throw new Error('Kafka is not configured');
    const producer = this.kafka.producer({ allowAutoTopicCreation: true, maxInFlightRequests: 1, idempotent: false });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async resetProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}
