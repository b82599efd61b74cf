import type { Kafka, Producer } from 'kafkajs';

/**
 * A kafkajs producer connected on first use and dropped after a failure, so the next attempt
 * starts from a fresh connection. Ordered settings for every Hutong sender: one request in flight
 * (a retry cannot overtake an earlier batch of the same subject), topics created on first write.
 * No idempotent producer: the mock cluster the tests run against does not support it.
 */
export class LazyProducer {
  private producer: Producer | undefined;

  constructor(private readonly kafka: Kafka | null) {}

  async get(): Promise<Producer> {
    if (this.producer) return this.producer;
    if (!this.kafka) throw new Error('Kafka is not configured');
    const producer = this.kafka.producer({ allowAutoTopicCreation: true, maxInFlightRequests: 1, idempotent: false });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  async reset(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}
