import { randomBytes, randomUUID } from 'node:crypto';
import { resourceSource, resourceTopic } from '@hutong/exchange';
import type { Consumer } from 'kafkajs';
import type { Pool } from 'pg';
import { populationEntry } from '../../support/catalog-entries';
import type { RunningGateway } from '../gateway-process';
import type { Scenario } from '../scenario';
import { benchAgency, call } from './bench-agency';
import { benchOperatorToken } from './bench-operator';
import {
  benchKafka,
  benchPool,
  brokersOf,
  cpuByProcess,
  cpuSince,
  expectKafkaLeader,
  mockKafkaFixture,
  percentiles,
  round,
  sleep,
  vacuumOutbox,
  type Percentiles,
} from './exchange-bench';

const RATE = Number(process.env.BENCH_EVENT_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_EVENT_SECONDS ?? 20);
const WARM_UP_EVENTS = 20;
const WRITERS = 8;
const SETTLE_MS = 30_000;
const TARGET_P99_MS = 500;
const EVENT_TYPE = 'cn.gov.hutong.bench.person.changed.v1';
const FEED_WAIT_SECONDS = 5;
const FEED_LIMIT = 1000;
/**
 * Diagnostic: also NOTIFY hutong_events with a non-empty payload in each write's transaction. The
 * outbox trigger notifies with an empty payload, which NotificationChannel drops, so the relay
 * only wakes on its 1 s poll; this shows the latency the relay would have if the wake-up worked.
 */
const WAKE_RELAY = process.env.BENCH_WAKE_RELAY === '1';
const MOCK_FETCH_WAIT_MS = Number(process.env.BENCH_FETCH_WAIT_MS ?? 50);

interface Setup {
  readonly run: string;
  readonly operatorToken: string;
  readonly provider: string;
  readonly consumerToken: string;
  readonly resource: string;
  readonly subscription: string;
}

let setup: Setup | undefined;

/**
 * Commit-to-consumer latency of record events at a steady RATE writes/s for SECONDS s: each event
 * is its own transaction (one INSERT into event_log, as a registry write's outbox row), and its
 * commit time is compared with the moment it arrives (a) at a kafkajs consumer of the resource
 * topic and (b) at a consumer agency long-polling its HTTP feed subscription (GET
 * /subscriptions/{id}/events?wait=5) — the agency holds a grant on a published entry, so the
 * delivery gate lets the events through, cut to the granted items. Target: p99 < 500 ms for both.
 * HTTP: the operators' exchange status.
 */
export const eventLatency: Scenario = {
  name: 'event-latency',
  description: `commit-to-consumer latency at ${RATE} writes/s for ${SECONDS} s, via Kafka and via the HTTP feed; HTTP: GET /admin/exchange/status`,
  setUp: mockKafkaFixture,
  async prepare({ gateway }) {
    const operatorToken = await benchOperatorToken(gateway);
    await expectKafkaLeader(gateway, operatorToken);
    await vacuumOutbox();
    setup = await entitledConsumer(gateway, operatorToken);
    return {
      label: 'GET /admin/exchange/status (operator, audited)',
      path: '/admin/exchange/status',
      headers: { authorization: `Bearer ${operatorToken}` },
    };
  },
  async report(context) {
    if (!setup) throw new Error('prepare() did not run');
    const { gateway } = context;
    const { run, resource } = setup;
    const pool = benchPool(WRITERS);
    const committedAt = new Map<string, number>();
    const viaKafka = new Map<string, number>();
    const viaFeed = new Map<string, number>();
    const kafka = await kafkaReader(brokersOf(context), resource, viaKafka);
    const feed = feedReader(gateway, setup, viaFeed);
    try {
      // Warm-up: topic created, consumer group joined, feed cursor past everything older.
      const warm = Array.from({ length: WARM_UP_EVENTS }, (_, i) => `W${run}-${i}`);
      await Promise.all(warm.map((key) => append(pool, setup as Setup, key, new Map())));
      await until(
        () => warm.every((key) => viaKafka.has(key) && viaFeed.has(key)),
        SETTLE_MS,
        () => {
          const got = (m: Map<string, number>) => warm.filter((key) => m.has(key)).length;
          return `warm-up events not received: Kafka ${got(viaKafka)}/${warm.length}, feed ${got(viaFeed)}/${warm.length}`;
        },
      );

      const cpuBefore = await cpuByProcess(gateway.pid, pool);
      const writes = await writeSteadily(pool, setup, committedAt);
      const keys = [...committedAt.keys()];
      await until(
        () => keys.every((key) => viaKafka.has(key) && viaFeed.has(key)),
        SETTLE_MS,
        () => '',
      ).catch(() => undefined);
      const cpu = cpuSince(cpuBefore, await cpuByProcess(gateway.pid, pool));

      const latency = (received: Map<string, number>): Percentiles & { missing: number } => {
        const samples: number[] = [];
        for (const [key, at] of committedAt) {
          const got = received.get(key);
          if (got !== undefined) samples.push(got - at);
        }
        return { ...percentiles(samples), missing: committedAt.size - samples.length };
      };
      const kafkaMs = latency(viaKafka);
      const feedMs = latency(viaFeed);
      return {
        eventLatency: {
          resource,
          writesPerSecondTarget: RATE,
          ...(WAKE_RELAY ? { diagnostic: 'BENCH_WAKE_RELAY=1: each write also NOTIFYs hutong_events with a payload' } : {}),
          seconds: SECONDS,
          writes,
          commitToKafkaConsumerMs: kafkaMs,
          commitToFeedConsumerMs: { ...feedMs, polls: feed.polls() },
          appendToRelayedMs: await relayLag(pool, run),
          cpuSecondsDuringWrites: cpu,
          targetP99Ms: TARGET_P99_MS,
          targetMet: kafkaMs.missing === 0 && feedMs.missing === 0 && kafkaMs.p99 < TARGET_P99_MS && feedMs.p99 < TARGET_P99_MS,
        },
      };
    } finally {
      await feed.stop();
      // Later runs' status route need not count this run's events as pending for it.
      await call(gateway, setup.consumerToken, 'DELETE', `/subscriptions/${setup.subscription}`, 204).catch(() => undefined);
      await kafka.disconnect();
      await pool.end();
    }
  },
};

/** Provider, published entry, consumer with an approved grant on 婚姻状况, and its feed subscription. */
async function entitledConsumer(gateway: RunningGateway, operatorToken: string): Promise<Setup> {
  const run = randomBytes(3).toString('hex').toUpperCase();
  const provider = await benchAgency(gateway, operatorToken, { roles: ['provider'], divisionCode: '440100' });
  const consumer = await benchAgency(gateway, operatorToken, { roles: ['consumer'], divisionCode: '440103' });
  const drafted = await call<{ code: string }>(
    gateway,
    provider.token,
    'POST',
    '/catalog/resources',
    201,
    populationEntry({ name: `人口基础信息（基准测试 ${run}）` }),
  );
  await call(gateway, provider.token, 'POST', `/catalog/resources/${drafted.code}/submit`, 200);
  await call(gateway, operatorToken, 'POST', `/catalog/resources/${drafted.code}/publish`, 200);
  const request = await call<{ id: string; state: string }>(
    gateway,
    consumer.token,
    'POST',
    `/catalog/resources/${drafted.code}/access-requests`,
    201,
    {
      purpose: 'business_collaboration',
      basis: '《社会救助暂行办法》第十一条：核对申请人家庭情况',
      validTo: new Date(Date.now() + 300 * 86_400_000).toISOString(),
      items: ['marital_status'],
    },
  );
  if (request.state !== 'pending') throw new Error(`access request is ${request.state}, expected pending`);
  await call(gateway, provider.token, 'POST', `/access-requests/${request.id}/approve`, 200, {});
  const subscription = await call<{ id: string }>(gateway, consumer.token, 'POST', '/subscriptions', 201, {
    resource: drafted.code,
    delivery: 'feed',
  });
  return {
    run,
    operatorToken,
    provider: provider.code,
    consumerToken: consumer.token,
    resource: drafted.code,
    subscription: subscription.id,
  };
}

/** One record event in its own transaction; remembers when its commit returned. */
async function append(pool: Pool, s: Setup, key: string, committedAt: Map<string, number>): Promise<void> {
  const data = {
    key,
    record: { citizen_id: key, name: '基准测试', marital_status: '已婚', residence_division: '440103' },
    divisions: ['440103'],
    writtenAt: Date.now(),
  };
  const insert = `INSERT INTO event_log (id, type, source, subject, time, datacontenttype, dataschema, data, resource_code)
     VALUES ($1, $2, $3, $4, now(), 'application/json', $5, $6, $7)`;
  await pool.query(
    WAKE_RELAY ? `WITH appended AS (${insert} RETURNING 1) SELECT pg_notify('hutong_events', 'bench') FROM appended` : insert,
    [randomUUID(), EVENT_TYPE, resourceSource(s.provider, s.resource), key, `urn:bench:${EVENT_TYPE}`, data, s.resource],
  );
  committedAt.set(key, Date.now());
}

/** RATE appends a second for SECONDS s, each started on its schedule (up to WRITERS at a time). */
async function writeSteadily(
  pool: Pool,
  s: Setup,
  committedAt: Map<string, number>,
): Promise<{ count: number; achievedPerSecond: number; maxStartLagMs: number; commitMs: Percentiles }> {
  const total = RATE * SECONDS;
  const interval = 1000 / RATE;
  const pending: Array<Promise<void>> = [];
  const commitMs: number[] = [];
  let maxStartLag = 0;
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + i * interval;
    const early = due - performance.now();
    if (early > 1) await sleep(early);
    maxStartLag = Math.max(maxStartLag, performance.now() - due);
    const t0 = performance.now();
    pending.push(append(pool, s, `M${s.run}-${i}`, committedAt).then(() => void commitMs.push(performance.now() - t0)));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  return {
    count: total,
    achievedPerSecond: Math.round(total / seconds),
    maxStartLagMs: round(maxStartLag, 1),
    commitMs: percentiles(commitMs),
  };
}

/** A kafkajs consumer of the resource topic, noting when each event arrives (by its key). */
async function kafkaReader(brokers: readonly string[], resource: string, received: Map<string, number>): Promise<Consumer> {
  const consumer = benchKafka(brokers, 'hutong-bench-consumer').consumer({
    groupId: `hutong-bench-${randomUUID()}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    // librdkafka's mock broker answers an empty fetch only after the full maxWait, even when
    // messages arrive meanwhile (a real broker answers at once): keep that artefact small.
    maxWaitTimeInMs: MOCK_FETCH_WAIT_MS,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: resourceTopic(resource), fromBeginning: true });
  await consumer.run({
    eachBatch: ({ batch }) => {
      const now = Date.now();
      for (const message of batch.messages) {
        const key = message.key?.toString();
        if (key !== undefined && !received.has(key)) received.set(key, now);
      }
      return Promise.resolve();
    },
  });
  return consumer;
}

/** The consumer agency reading its feed in a loop of long polls, noting when each event arrives. */
function feedReader(
  gateway: RunningGateway,
  s: Setup,
  received: Map<string, number>,
): { stop: () => Promise<void>; polls: () => number } {
  const aborted = new AbortController();
  let polls = 0;
  const loop = (async () => {
    let after: string | undefined;
    while (!aborted.signal.aborted) {
      const query = new URLSearchParams({ wait: String(FEED_WAIT_SECONDS), limit: String(FEED_LIMIT) });
      if (after !== undefined) query.set('after', after);
      const response = await fetch(`${gateway.url}/subscriptions/${s.subscription}/events?${query.toString()}`, {
        headers: { authorization: `Bearer ${s.consumerToken}` },
        signal: aborted.signal,
      });
      const body = (await response.json()) as { events?: Array<{ data: { key?: string } }>; next?: string };
      const now = Date.now();
      polls += 1;
      if (response.status !== 200 || body.next === undefined) throw new Error(`feed: ${response.status} ${JSON.stringify(body)}`);
      for (const event of body.events ?? []) {
        const key = event.data.key;
        if (key !== undefined && !received.has(key)) received.set(key, now);
      }
      after = body.next;
    }
  })().catch((error: unknown) => {
    if (!aborted.signal.aborted) process.stderr.write(`feed reader stopped: ${String(error)}\n`);
  });
  return {
    polls: () => polls,
    async stop() {
      aborted.abort();
      await loop;
    },
  };
}

/** Append (transaction start) to relayed, from the outbox's own timestamps, for this run's events. */
async function relayLag(pool: Pool, run: string): Promise<Percentiles> {
  const rows = await pool.query<{ ms: number }>(
    `SELECT extract(epoch FROM relayed_at - recorded_at)::float8 * 1000 AS ms FROM event_log
      WHERE subject LIKE 'M' || $1 || '-%' AND relayed_at IS NOT NULL`,
    [run],
  );
  return percentiles(rows.rows.map((row) => row.ms));
}

async function until(done: () => boolean, timeoutMs: number, why: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(why());
    await sleep(20);
  }
}
