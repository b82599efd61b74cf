import { randomUUID } from 'node:crypto';
import { fromKafkaMessage, type CloudEvent } from '@hutong/exchange';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

export interface ReceivedEvent {
  readonly event: CloudEvent;
  readonly key: string | null;
  readonly contentType: string | null;
  readonly partition: number;
}

/** A real kafkajs consumer on one topic, from the beginning, collecting CloudEvents decoded from binary mode. */
export class TopicReader {
  readonly received: ReceivedEvent[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async open(brokers: readonly string[], topic: string): Promise<TopicReader> {
    const kafka = new Kafka({ clientId: 'hutong-test-reader', brokers: [...brokers], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `test-${randomUUID()}`, sessionTimeout: 10_000, heartbeatInterval: 1000 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const reader = new TopicReader(consumer);
    await consumer.run({
      eachMessage: ({ message, partition }) => {
        const contentType = message.headers?.['content-type']?.toString() ?? null;
        reader.received.push({ event: fromKafkaMessage(message), key: message.key?.toString() ?? null, contentType, partition });
        return Promise.resolve();
      },
    });
    return reader;
  }

  /** Waits until `predicate` holds over what was received, or fails after `timeoutMs`. */
  async until(predicate: (received: readonly ReceivedEvent[]) => boolean, timeoutMs = 30_000): Promise<readonly ReceivedEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > deadline) throw new Error(`timed out with ${this.received.length} messages received`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.received;
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}
