import type { AddressInfo } from 'node:net';
import { deliveryTopic, type CloudEvent } from '@hutong/exchange';
import { DataSource } from 'typeorm';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { populationEntry, publishEntry } from '../../support/catalog-fixtures';
import { appendRecordEvents } from '../../support/exchange-fixtures';
import { accessToken, bearer, createAgency, createOperator, type TestPrincipal } from '../../support/identity-fixtures';
import { TopicReader } from '../../support/kafka-consumer';
import { readSse } from '../../support/sse-client';
import { startTestGateway, useTestGateway } from '../../support/test-gateway';

const brokers = inject('kafkaBrokers');
const gateway = useTestGateway({ env: brokers ? { KAFKA_BROKERS: brokers.join(',') } : {} });

let operator: string;
let provider: TestPrincipal;
let providerToken: string;
let population: string;
let baseUrl: string;

const inAYear = () => new Date(Date.now() + 300 * 86_400_000).toISOString();

beforeAll(async () => {
  await gateway().app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(gateway().app.getHttpServer().address() as AddressInfo).port}`;
  operator = await accessToken(gateway(), await createOperator(gateway()));
  provider = await createAgency(gateway(), operator, { roles: ['provider'] });
  providerToken = await accessToken(gateway(), provider);
  population = await publishEntry(gateway(), providerToken, operator, populationEntry());
});

/** A consumer agency holding a grant on the population entry for `items`, approved as asked (or narrower). */
async function grantedConsumer(
  items: string[],
  approval: object = {},
): Promise<{ agency: TestPrincipal; token: string; requestId: string }> {
  const agency = await createAgency(gateway(), operator, { roles: ['consumer'] });
  const token = await accessToken(gateway(), agency);
  const request = await gateway()
    .http()
    .post(`/catalog/resources/${population}/access-requests`)
    .set(bearer(token))
    .send({ purpose: 'business_collaboration', basis: '业务协同', items, validTo: inAYear() })
    .expect(201);
  if (request.body.state === 'pending') {
    await gateway()
      .http()
      .post(`/access-requests/${request.body.id}/approve`)
      .set(bearer(providerToken))
      .send(approval)
      .expect(200);
  }
  return { agency, token, requestId: request.body.id as string };
}

const subscribe = (token: string, body: object) =>
  gateway()
    .http()
    .post('/subscriptions')
    .set(bearer(token))
    .send({ resource: population, ...body });
const readFeed = (token: string, id: string, query: Record<string, string> = {}) =>
  gateway().http().get(`/subscriptions/${id}/events`).query(query).set(bearer(token)).expect(200);
const person = (key: string, division = '440103') => ({
  key,
  record: { citizen_id: key, name: '李四', marital_status: '已婚', household_address: '广州市越秀区中山一路1号' },
  divisions: [division],
});

describe('subscribing', () => {
  it('refuses an agency without a grant, saying why', async () => {
    const stranger = await accessToken(gateway(), await createAgency(gateway(), operator, { roles: ['consumer'] }));
    const refused = await subscribe(stranger, { delivery: 'feed' });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('no_grant');
  });

  it('lists and deletes your own subscriptions only', async () => {
    const { token } = await grantedConsumer(['marital_status']);
    const created = await subscribe(token, { delivery: 'feed' }).expect(201);
    const mine = await gateway().http().get('/subscriptions').set(bearer(token)).expect(200);
    expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([created.body.id]);
    const other = await grantedConsumer(['marital_status']);
    await gateway().http().get(`/subscriptions/${created.body.id}`).set(bearer(other.token)).expect(404);
    await gateway().http().delete(`/subscriptions/${created.body.id}`).set(bearer(other.token)).expect(404);
    // Another agency cannot read someone else's feed or stream, even holding a grant on the same resource.
    await gateway().http().get(`/subscriptions/${created.body.id}/events`).set(bearer(other.token)).expect(404);
    await gateway().http().get(`/subscriptions/${created.body.id}/stream`).set(bearer(other.token)).expect(404);
    await gateway().http().delete(`/subscriptions/${created.body.id}`).set(bearer(token)).expect(204);
    await gateway().http().get(`/subscriptions/${created.body.id}`).set(bearer(token)).expect(404);
  });
});

describe('the HTTP feed', () => {
  it('delivers only the granted items and only rows in the grant scope', async () => {
    const { token } = await grantedConsumer(['marital_status', 'residence_division'], { items: ['marital_status'] });
    const subscription = await subscribe(token, { delivery: 'feed' }).expect(201);
    await appendRecordEvents(gateway(), provider.code, population, [
      person('440103199001011234'),
      person('440106199001011234', '440106'),
    ]);
    const page = await readFeed(token, subscription.body.id, { wait: '5' });
    const records = (page.body.events as CloudEvent[]).map((e) => (e.data as { record: Record<string, unknown> }).record);
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(Object.keys(record).sort()).toEqual(['citizen_id', 'marital_status', 'name']);
      expect(record).not.toHaveProperty('household_address');
    }
  });

  it('drops rows outside a row-scoped grant', async () => {
    const agency = await createAgency(gateway(), operator, { roles: ['consumer'] });
    const token = await accessToken(gateway(), agency);
    const request = await gateway()
      .http()
      .post(`/catalog/resources/${population}/access-requests`)
      .set(bearer(token))
      .send({
        purpose: 'business_collaboration',
        basis: '业务协同',
        items: ['marital_status'],
        rowScope: { divisions: ['440103'] },
        validTo: inAYear(),
      })
      .expect(201);
    await gateway().http().post(`/access-requests/${request.body.id}/approve`).set(bearer(providerToken)).send({}).expect(200);
    const subscription = await subscribe(token, { delivery: 'feed' }).expect(201);
    await appendRecordEvents(gateway(), provider.code, population, [
      person('440106198001011111', '440106'),
      person('440103198001011111'),
    ]);
    const page = await readFeed(token, subscription.body.id, { wait: '5' });
    expect((page.body.events as CloudEvent[]).map((e) => e.subject)).toEqual(['440103198001011111']);
  });

  it('answers a long poll as soon as an event arrives', async () => {
    const { token } = await grantedConsumer(['marital_status']);
    const subscription = await subscribe(token, { delivery: 'feed' }).expect(201);
    const started = Date.now();
    const poll = readFeed(token, subscription.body.id, { wait: '20' });
    setTimeout(() => void appendRecordEvents(gateway(), provider.code, population, [person('440103197001011111')]), 500);
    const page = await poll;
    expect(page.body.events).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('resumes from its cursor page after page, without gaps or repeats', async () => {
    const { token } = await grantedConsumer(['marital_status']);
    const subscription = await subscribe(token, { delivery: 'feed' }).expect(201);
    const keys = Array.from({ length: 12 }, (_, n) => `4401031960010100${String(n).padStart(2, '0')}`);
    await appendRecordEvents(
      gateway(),
      provider.code,
      population,
      keys.map((key) => person(key)),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10 && seen.length < keys.length; page += 1) {
      const response = await readFeed(token, subscription.body.id, {
        limit: '5',
        wait: '5',
        ...(cursor ? { after: cursor } : {}),
      });
      seen.push(...(response.body.events as CloudEvent[]).map((e) => e.subject));
      cursor = response.body.next as string;
    }
    expect(seen).toEqual(keys);
    const again = await readFeed(token, subscription.body.id, { after: cursor ?? '' });
    expect(again.body.events).toEqual([]);
    await gateway()
      .http()
      .get(`/subscriptions/${subscription.body.id}/events`)
      .query({ after: 'bm90LWEtY3Vyc29y' })
      .set(bearer(token))
      .expect(400);
  });

  it('stops delivering the moment the grant is revoked', async () => {
    const { token, requestId } = await grantedConsumer(['marital_status']);
    const subscription = await subscribe(token, { delivery: 'feed' }).expect(201);
    await appendRecordEvents(gateway(), provider.code, population, [person('440103195001011111')]);
    const before = await readFeed(token, subscription.body.id, { wait: '5' });
    expect(before.body.events).toHaveLength(1);
    await gateway()
      .http()
      .post(`/access-requests/${requestId}/revoke`)
      .set(bearer(providerToken))
      .send({ reason: '停止共享' })
      .expect(200);
    await appendRecordEvents(gateway(), provider.code, population, [person('440103195001012222')]);
    const after = await readFeed(token, subscription.body.id, { after: before.body.next as string, wait: '2' });
    expect(after.body.events).toEqual([]);
  });
});

describe('the event stream (SSE)', () => {
  it('streams the same events and resumes after Last-Event-ID without gaps', async () => {
    const { token } = await grantedConsumer(['marital_status']);
    const subscription = await subscribe(token, { delivery: 'feed' }).expect(201);
    const keys = Array.from({ length: 6 }, (_, n) => `44010319400101${String(n).padStart(4, '0')}`);
    await appendRecordEvents(
      gateway(),
      provider.code,
      population,
      keys.map((key) => person(key)),
    );
    const url = `${baseUrl}/subscriptions/${subscription.body.id}/stream`;
    const first = await readSse(url, bearer(token), 2);
    const resumed = await readSse(url, { ...bearer(token), 'last-event-id': first[1]?.id ?? '' }, 4);
    const subjects = [...first, ...resumed].map((m) => (JSON.parse(m.data) as CloudEvent).subject);
    expect(subjects).toEqual(keys);
    expect(first[0]?.event).toBe('cn.gov.hutong.exchange-test.record.changed.v1');
  });
});

describe.skipIf(brokers === null)('Kafka delivery', () => {
  it("sends projected events to the agency's own topic only", async () => {
    const { agency, token } = await grantedConsumer(['marital_status']);
    const subscription = await subscribe(token, { delivery: 'kafka' }).expect(201);
    expect(subscription.body.topic).toBe(deliveryTopic(agency.code));
    const reader = await TopicReader.open(brokers ?? [], deliveryTopic(agency.code));
    try {
      const [id] = await appendRecordEvents(gateway(), provider.code, population, [person('440103193001011111')]);
      const received = await reader.until((all) => all.some((r) => r.event.id === id));
      const record = (received.find((r) => r.event.id === id)?.event.data as { record: Record<string, unknown> }).record;
      expect(Object.keys(record).sort()).toEqual(['citizen_id', 'marital_status', 'name']);
      // Delivered outside any request, and audited all the same: who received which record, under which grant.
      const audited: Array<{ n: number }> = await gateway()
        .app.get(DataSource)
        .query(
          `SELECT count(*)::int AS n FROM audit_entries
            WHERE entry -> 'entry' ->> 'action' = 'exchange.deliver' AND entry -> 'entry' -> 'principal' ->> 'id' = $1
              AND entry -> 'entry' ->> 'grantId' IS NOT NULL`,
          [agency.code],
        );
      expect(audited[0]?.n).toBeGreaterThanOrEqual(1);
    } finally {
      await reader.close();
    }
  });

  it('refuses Kafka delivery where the gateway runs without Kafka', async () => {
    const plain = await startTestGateway({
      shareDatabaseWith: gateway(),
      env: {
        KAFKA_BROKERS: '',
        SIGNING_KEYS_DIR: gateway().config.auth.signingKeysDir,
        AUDIT_KEYS_DIR: gateway().config.audit.keysDir,
      },
    });
    try {
      const { token } = await grantedConsumer(['marital_status']);
      const refused = await plain
        .http()
        .post('/subscriptions')
        .set(bearer(token))
        .send({ resource: population, delivery: 'kafka' });
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain('feed');
    } finally {
      await plain.close();
    }
  });
});
