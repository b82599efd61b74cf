import { EventLogRepository, EventRelay, resourceTopic } from '@hutong/exchange';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { populationEntry, publishEntry } from '../../support/catalog-fixtures';
import { appendRecordEvents, RECORD_CHANGED } from '../../support/exchange-fixtures';
import { accessToken, bearer, createAgency, createOperator, type TestPrincipal } from '../../support/identity-fixtures';
import { startMockCluster, type KafkaCluster } from '../../support/kafka-harness';
import { TopicReader } from '../../support/kafka-consumer';
import { startTestGateway, useTestGateway } from '../../support/test-gateway';

const brokers = inject('kafkaBrokers');
const gateway = useTestGateway({ env: brokers ? { KAFKA_BROKERS: brokers.join(',') } : {} });

let operator: string;
let provider: TestPrincipal;
let population: string;

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  provider = await createAgency(gateway(), operator, { roles: ['provider'] });
  population = await publishEntry(gateway(), await accessToken(gateway(), provider), operator, populationEntry());
});

describe.skipIf(brokers === null)('relay to Kafka', () => {
  let reader: TopicReader;
  beforeAll(async () => {
    reader = await TopicReader.open(brokers ?? [], resourceTopic(population));
  });
  afterAll(async () => {
    await reader.close();
  });

  it('delivers CloudEvents in binary mode: ce_ headers, content-type, key = subject, data as the value', async () => {
    const [id] = await appendRecordEvents(gateway(), provider.code, population, [
      { key: '440103199003071234', record: { name: '张三', marital_status: '已婚' }, divisions: ['440103'] },
    ]);
    const received = await reader.until((all) => all.some((r) => r.event.id === id));
    const message = received.find((r) => r.event.id === id);
    expect(message).toMatchObject({
      key: '440103199003071234',
      contentType: 'application/json',
      event: {
        specversion: '1.0',
        type: RECORD_CHANGED,
        source: `/agencies/${provider.code}/resources/${population}`,
        subject: '440103199003071234',
        data: { record: { name: '张三', marital_status: '已婚' } },
      },
    });
    expect(message?.event.dataschema).toMatch(/\/contracts\/events\/cn\.gov\.hutong\.exchange-test\.record\.changed\.v1\.json$/);
  });

  it('keeps the order of each subject across a batch', async () => {
    const subjects = ['s-1', 's-2', 's-3'];
    const changes = Array.from({ length: 300 }, (_, n) => ({
      key: subjects[n % 3] ?? 's-1',
      record: { n },
      divisions: ['440103'],
    }));
    const ids = new Set(await appendRecordEvents(gateway(), provider.code, population, changes));
    const received = await reader.until((all) => all.filter((r) => ids.has(r.event.id)).length >= 300);
    for (const subject of subjects) {
      const order = received
        .filter((r) => ids.has(r.event.id) && r.event.subject === subject)
        .map((r) => (r.event.data as { record: { n: number } }).record.n);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(order).toHaveLength(100);
    }
  });

  it('re-sends the same events, same ids, when the relay dies between sending and marking, and loses none', async () => {
    const repository = gateway().app.get(EventLogRepository);
    const original = repository.markRelayed.bind(repository);
    let failed = 0;
    const spy = vi.spyOn(repository, 'markRelayed').mockImplementation(async (events) => {
      if (failed === 0 && events.length > 0) {
        failed += 1;
        throw new Error('simulated crash after Kafka acknowledged the batch');
      }
      return original(events);
    });
    try {
      const ids = await appendRecordEvents(
        gateway(),
        provider.code,
        population,
        Array.from({ length: 20 }, (_, n) => ({ key: `crash-${n}`, record: { n } })),
      );
      const received = await reader.until((all) => ids.every((id) => all.filter((r) => r.event.id === id).length >= 2));
      expect(failed).toBe(1);
      for (const id of ids) expect(received.filter((r) => r.event.id === id).length).toBeGreaterThanOrEqual(2);
      const left: Array<{ n: number }> = await gateway()
        .app.get(DataSource)
        .query('SELECT count(*)::int AS n FROM event_log WHERE relayed_at IS NULL');
      expect(left[0]?.n).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('reports backlog and relay state to operators and on /health/ready', async () => {
    const status = await gateway().http().get('/admin/exchange/status').set(bearer(operator)).expect(200);
    expect(status.body).toMatchObject({ relay: { leader: true, kafka: true }, backlog: { events: expect.any(Number) } });
    const ready = await gateway().http().get('/health/ready').expect(200);
    expect(ready.body.checks['event-relay']).toMatchObject({
      status: 'up',
      detail: { leader: true, backlog: expect.any(Number) },
    });
    const metrics = await gateway().http().get('/metrics').expect(200);
    expect(metrics.text).toContain('hutong_event_backlog');
    expect(metrics.text).toContain('hutong_events_relayed_total');
  });
});

describe.runIf(brokers !== null && inject('databaseTemplate').kind === 'postgres')('Kafka unreachable', () => {
  it('keeps accepting writes, lets the backlog grow, and drains it completely once Kafka is back', async () => {
    let cluster: KafkaCluster | undefined = await startMockCluster(1);
    const first = await startTestGateway({ shareDatabaseWith: gateway(), env: { KAFKA_BROKERS: cluster.brokers.join(',') } });
    // Only the new instance relays: the file's gateway steps aside while this test owns the outbox.
    await gateway().app.get(EventRelay).onApplicationShutdown();
    let second: Awaited<ReturnType<typeof startTestGateway>> | undefined;
    try {
      await cluster.stop();
      cluster = undefined;
      const ids = await appendRecordEvents(
        first,
        provider.code,
        population,
        Array.from({ length: 50 }, (_, n) => ({ key: `outage-${n % 5}`, record: { n } })),
      );
      const token = await accessToken(first, await createOperator(first));
      let status = await first.http().get('/admin/exchange/status').set(bearer(token)).expect(200);
      for (let attempt = 0; attempt < 100 && status.body.relay.consecutiveFailures === 0; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = await first.http().get('/admin/exchange/status').set(bearer(token)).expect(200);
      }
      expect(status.body.relay.consecutiveFailures).toBeGreaterThan(0);
      expect(status.body.relay.lastError).toBeTruthy();
      expect(status.body.backlog.events).toBeGreaterThanOrEqual(50);
      await first.close();

      cluster = await startMockCluster(1);
      const reader = await TopicReader.open(cluster.brokers, resourceTopic(population));
      second = await startTestGateway({ shareDatabaseWith: gateway(), env: { KAFKA_BROKERS: cluster.brokers.join(',') } });
      try {
        const received = await reader.until((all) => ids.every((id) => all.some((r) => r.event.id === id)), 60_000);
        expect(new Set(received.map((r) => r.event.id)).size).toBeGreaterThanOrEqual(50);
      } finally {
        await reader.close();
      }
      const left: Array<{ n: number }> = await gateway()
        .app.get(DataSource)
        .query('SELECT count(*)::int AS n FROM event_log WHERE relayed_at IS NULL');
      expect(left[0]?.n).toBe(0);
    } finally {
      await second?.close();
      await cluster?.stop();
    }
  });
});
