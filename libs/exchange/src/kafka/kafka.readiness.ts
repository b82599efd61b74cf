import type { ReadinessCheck } from '@hutong/platform';
import type { Admin } from 'kafkajs';

/** Kafka is "up" when the cluster answers a metadata request and names a controller or brokers. */
export class KafkaReadinessCheck implements ReadinessCheck {
  readonly name = 'kafka';
  private connected = false;

  constructor(private readonly admin: Admin) {}

  async check(): Promise<{ status: 'up' | 'down'; detail?: Record<string, unknown>; error?: string }> {
    if (!this.connected) {
      await this.admin.connect();
      this.connected = true;
    }
    const cluster = await this.admin.describeCluster();
    return {
      status: cluster.brokers.length > 0 ? 'up' : 'down',
      detail: { brokers: cluster.brokers.length, clusterId: cluster.clusterId },
    };
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect();
    this.connected = false;
  }
}
