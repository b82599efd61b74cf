import { describe, expect, inject, it } from 'vitest';
import { startTestGateway } from '../support/test-gateway';

const brokers = inject('kafkaBrokers');

describe('readiness with Kafka configured', () => {
  it.skipIf(brokers === null)('reports Kafka up when the cluster answers (mock cluster or KAFKA_BROKERS)', async () => {
    const gateway = await startTestGateway({ env: { KAFKA_BROKERS: (brokers ?? []).join(',') } });
    try {
      const res = await gateway.http().get('/health/ready').expect(200);
      expect(res.body.checks.kafka).toMatchObject({ status: 'up', detail: { brokers: expect.any(Number) } });
      expect(res.body.checks.kafka.detail.brokers).toBeGreaterThan(0);
    } finally {
      await gateway.close();
    }
  });

  it('reports not ready, naming Kafka, when the configured brokers do not answer', async () => {
    const gateway = await startTestGateway({ env: { KAFKA_BROKERS: '127.0.0.1:1' } });
    try {
      const res = await gateway.http().get('/health/ready').expect(503);
      expect(res.body.status).toBe('unavailable');
      expect(res.body.checks.database.status).toBe('up');
      expect(res.body.checks.kafka.status).toBe('down');
      expect(res.body.checks.kafka.error).toBeTruthy();
    } finally {
      await gateway.close();
    }
  });
});
