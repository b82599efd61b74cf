import { randomBytes } from 'node:crypto';
import { resourceTopic, toKafkaMessage, type CloudEvent } from '@hutong/exchange';
import type { TopicMessages } from 'kafkajs';
import type { Pool } from 'pg';
import type { Scenario } from '../scenario';
import { benchOperatorToken } from './bench-operator';
import {
  benchKafka,
  benchPool,
  brokersOf,
  cpuByProcess,
  cpuSince,
  exchangeStatus,
  expectKafkaLeader,
  mockKafkaFixture,
  round,
  sleep,
  vacuumOutbox,
} from './exchange-bench';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SUBJECTS = 1_000;
const RESOURCES = 10;
/** The relay's batch (libs/exchange/src/relay/event-relay.ts); the raw producer sends the same. */
const BATCH = 1_000;
const POLL_MS = 500;
const DRAIN_TIMEOUT_MS = Number(process.env.BENCH_DRAIN_TIMEOUT_S ?? 600) * 1000;
const TARGET_EVENTS_PER_SECOND = 20_000;
const EVENT_TYPE = 'cn.gov.hutong.bench.record.changed.v1';

/**
 * Outbox → Kafka: EVENTS record events (SUBJECTS subjects over RESOURCES resource topics) queued
 * in event_log by one INSERT … SELECT, then drained by the gateway's relay into librdkafka's mock
 * cluster; timed from the commit until no row is left unrelayed (polled every 500 ms). Compared in
 * the same run with a bare kafkajs producer sending the same messages (toKafkaMessage, batches of
 * 1 000 grouped by topic, acks -1, one request in flight) to the same cluster — the ratio is what
 * reading and marking the outbox costs. Target ≥ 20 000 events/s. HTTP: the operators' exchange status.
 */
export const relayThroughput: Scenario = {
  name: 'relay-throughput',
  description: `relay ${EVENTS} outbox events to Kafka (mock cluster) vs a bare kafkajs producer; HTTP: GET /admin/exchange/status`,
  setUp: mockKafkaFixture,
  async prepare({ gateway }) {
    const operatorToken = await benchOperatorToken(gateway);
    await expectKafkaLeader(gateway, operatorToken);
    await vacuumOutbox();
    return {
      label: 'GET /admin/exchange/status (operator, audited)',
      path: '/admin/exchange/status',
      headers: { authorization: `Bearer ${operatorToken}` },
    };
  },
  async report(context) {
    const { gateway } = context;
    const brokers = brokersOf(context);
    const pool = benchPool(2);
    const run = randomBytes(3).toString('hex').toUpperCase();
    const provider = `BENCHR${run}`;
    // Resource codes of no catalog entry (event_log has no foreign key); unique per run.
    const prefix = `3990${String(Math.floor(Math.random() * 100)).padStart(2, '0')}/${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
    const codes = Array.from({ length: RESOURCES }, (_, r) => `${prefix}${String(r).padStart(3, '0')}`);
    const schema = `${gateway.url}/contracts/events/${EVENT_TYPE}.json`;
    try {
      await waitForEmptyBacklog(pool);
      // Warm-up: every topic auto-created and the relay's producer connected before timing.
      await queue(pool, { provider, codes, schema, first: 1, count: RESOURCES * 10 });
      await drain(pool, 60_000);

      const queueStarted = performance.now();
      await queue(pool, { provider, codes, schema, first: 1_000_000_000, count: EVENTS });
      const committed = performance.now();
      const cpuBefore = await cpuByProcess(gateway.pid, pool);
      const drained = await drain(pool, DRAIN_TIMEOUT_MS);
      const cpuRelay = cpuSince(cpuBefore, await cpuByProcess(gateway.pid, pool));
      const relaySeconds = drained.seconds;
      const relayed = EVENTS - drained.left;
      const byMarks = await markSpan(pool, provider);
      const inversions = await subjectOrderInversions(pool, provider);
      // A fresh token: a long drain outlives the one from prepare().
      const status = await exchangeStatus(gateway, await benchOperatorToken(gateway));

      const sample = await sampleEvents(pool, provider, 10 * BATCH);
      // Past the timeout the relay would go on draining beside the raw producer: take its work away.
      const abandoned = drained.left > 0 ? await abandonBacklog(pool, provider) : 0;
      const cpuRawBefore = await cpuByProcess(gateway.pid, pool);
      const raw = await rawProducer(brokers, sample, Math.min(EVENTS, relayed || EVENTS));
      const cpuRaw = cpuSince(cpuRawBefore, await cpuByProcess(gateway.pid, pool));

      const relayRate = relaySeconds > 0 ? relayed / relaySeconds : 0;
      return {
        relayThroughput: {
          events: EVENTS,
          subjects: SUBJECTS,
          topics: RESOURCES,
          averageValueBytes: sample.averageValueBytes,
          queueInsertSeconds: round((committed - queueStarted) / 1000, 2),
          relay: {
            drained: drained.left === 0,
            relayed,
            seconds: round(relaySeconds, 2),
            eventsPerSecond: Math.round(relayRate),
            firstToLastMarkSeconds: byMarks.seconds,
            eventsPerSecondByMarks: byMarks.eventsPerSecond,
            eventsPerSecondByBacklog: rateByBacklog(drained, EVENTS),
            subjectOrderInversions: inversions,
            abandonedAfterTimeout: abandoned,
            failuresSeen: status.relay.consecutiveFailures,
            lastError: status.relay.lastError,
            cpuSeconds: cpuRelay,
          },
          rawKafkajs: {
            events: raw.events,
            seconds: round(raw.seconds, 2),
            eventsPerSecond: Math.round(raw.events / raw.seconds),
            cpuSeconds: cpuRaw,
          },
          relayToRawRatio: raw.events > 0 ? round(relayRate / (raw.events / raw.seconds), 3) : null,
          targetEventsPerSecond: TARGET_EVENTS_PER_SECOND,
          targetMet: drained.left === 0 && relayRate >= TARGET_EVENTS_PER_SECOND,
        },
      };
    } finally {
      await forget(pool, provider)
        .then(() => pool.query('VACUUM event_log'))
        .catch(() => undefined);
      await pool.end();
    }
  },
};

/** One INSERT … SELECT: `count` record events, ~300 bytes of data each, committed together. */
async function queue(
  pool: Pool,
  input: { provider: string; codes: string[]; schema: string; first: number; count: number },
): Promise<void> {
  await pool.query(
    `INSERT INTO event_log (id, type, source, subject, time, datacontenttype, dataschema, data, resource_code)
     SELECT gen_random_uuid(), $1, '/agencies/' || $2 || '/resources/' || code, 'P' || lpad((i % $3)::text, 17, '0'),
            now(), 'application/json', $4,
            jsonb_build_object(
              'key', 'P' || lpad((i % $3)::text, 17, '0'),
              'record', jsonb_build_object(
                'citizen_id', 'P' || lpad((i % $3)::text, 17, '0'),
                'name', '基准测试' || (i % $3),
                'birth_date', '1980-01-01',
                'residence_division', '440103',
                'marital_status', CASE WHEN i % 2 = 0 THEN '已婚' ELSE '未婚' END,
                'household_address', '广东省广州市越秀区基准路' || (i % 997) || '号',
                'version', i),
              'divisions', jsonb_build_array('440103')),
            code
       FROM generate_series($5::bigint, $5::bigint + $6::bigint - 1) i,
            LATERAL (SELECT ($7::text[])[1 + i % $8] AS code) c`,
    [EVENT_TYPE, input.provider, SUBJECTS, input.schema, input.first, input.count, input.codes, input.codes.length],
  );
}

async function unrelayed(pool: Pool): Promise<number> {
  const rows = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM event_log WHERE relayed_at IS NULL');
  return rows.rows[0]?.n ?? 0;
}

async function waitForEmptyBacklog(pool: Pool): Promise<void> {
  const left = await drain(pool, 30_000);
  if (left.left > 0) throw new Error(`event_log already has ${left.left} unrelayed events that do not drain`);
}

interface Drained {
  readonly seconds: number;
  readonly left: number;
  /** (seconds since the start, events left) at every poll. */
  readonly polls: ReadonlyArray<readonly [number, number]>;
}

/** Polls the backlog every POLL_MS until it is empty or the timeout passes. */
async function drain(pool: Pool, timeoutMs: number): Promise<Drained> {
  const started = performance.now();
  const polls: Array<[number, number]> = [];
  for (;;) {
    const left = await unrelayed(pool);
    const seconds = (performance.now() - started) / 1000;
    polls.push([seconds, left]);
    if (left === 0 || seconds * 1000 > timeoutMs) return { seconds, left, polls };
    await sleep(POLL_MS);
  }
}

/**
 * The drain rate while the backlog was in each tenth of its initial size (from the polls): a rate
 * that grows as the backlog shrinks means each batch costs more the more is waiting.
 */
function rateByBacklog(drained: Drained, total: number): Array<{ backlogAtLeast: number; eventsPerSecond: number | null }> {
  const tenths: Array<{ backlogAtLeast: number; eventsPerSecond: number | null }> = [];
  for (let tenth = 9; tenth >= 0; tenth -= 1) {
    const high = ((tenth + 1) * total) / 10;
    const low = (tenth * total) / 10;
    const inside = drained.polls.filter(([, left]) => left <= high && left >= low);
    const first = inside[0];
    const last = inside.at(-1);
    tenths.push({
      backlogAtLeast: Math.round(low),
      eventsPerSecond: first && last && last[0] > first[0] ? Math.round((first[1] - last[1]) / (last[0] - first[0])) : null,
    });
  }
  return tenths;
}

/**
 * Same-subject neighbours (in append order) that were relayed the other way round: feed
 * positions are given in relay order, so any count above 0 means per-subject order was broken.
 */
async function subjectOrderInversions(pool: Pool, provider: string): Promise<number> {
  const rows = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT feed_seq, lag(feed_seq) OVER (PARTITION BY subject ORDER BY seq) AS previous
         FROM event_log WHERE source LIKE '/agencies/' || $1 || '/%' AND feed_seq IS NOT NULL) pairs
      WHERE previous > feed_seq`,
    [provider],
  );
  return rows.rows[0]?.n ?? 0;
}

/** The span between the first and the last mark of the timed events, from relayed_at itself. */
async function markSpan(pool: Pool, provider: string): Promise<{ seconds: number; eventsPerSecond: number | null }> {
  const rows = await pool.query<{ n: number; span: number | null }>(
    `SELECT count(*)::int AS n, extract(epoch FROM max(relayed_at) - min(relayed_at))::float8 AS span
       FROM event_log WHERE source LIKE '/agencies/' || $1 || '/%' AND relayed_at IS NOT NULL AND (data->'record'->>'version')::bigint >= 1000000000`,
    [provider],
  );
  const row = rows.rows[0];
  const span = row?.span ?? 0;
  // The first mark comes after one batch was sent: the span covers all batches but one.
  return { seconds: round(span, 2), eventsPerSecond: span > 0 && row ? Math.round((row.n - BATCH) / span) : null };
}

interface Sample {
  readonly events: ReadonlyArray<{ event: CloudEvent; resourceCode: string }>;
  readonly averageValueBytes: number;
}

/** The first `count` timed events as the relay read them (same ids, headers and values). */
async function sampleEvents(pool: Pool, provider: string, count: number): Promise<Sample> {
  const rows = await pool.query<{
    id: string;
    type: string;
    source: string;
    subject: string;
    time: Date;
    dataschema: string;
    data: unknown;
    resource_code: string;
  }>(
    `SELECT id, type, source, subject, time, dataschema, data, resource_code FROM event_log
      WHERE source LIKE '/agencies/' || $1 || '/%' AND (data->'record'->>'version')::bigint >= 1000000000
      ORDER BY seq LIMIT $2`,
    [provider, count],
  );
  const events = rows.rows.map((row) => ({
    resourceCode: row.resource_code,
    event: {
      specversion: '1.0' as const,
      id: row.id,
      type: row.type,
      source: row.source,
      subject: row.subject,
      time: row.time.toISOString(),
      datacontenttype: 'application/json' as const,
      dataschema: row.dataschema,
      data: row.data,
    },
  }));
  const bytes = events.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e.event.data)), 0);
  return { events, averageValueBytes: events.length > 0 ? Math.round(bytes / events.length) : 0 };
}

/**
 * What the relay does minus the database: batches of BATCH events, grouped by topic, turned into
 * binary-mode messages and sent with one sendBatch each (acks -1, one request in flight), in order.
 */
async function rawProducer(
  brokers: readonly string[],
  sample: Sample,
  total: number,
): Promise<{ events: number; seconds: number }> {
  if (sample.events.length === 0) throw new Error('no events to sample for the raw producer');
  const kafka = benchKafka(brokers, 'hutong-bench-raw');
  const producer = kafka.producer({ allowAutoTopicCreation: true, maxInFlightRequests: 1, idempotent: false });
  await producer.connect();
  const batchOf = (from: number): TopicMessages[] => {
    const byTopic = new Map<string, TopicMessages>();
    for (let i = from; i < from + BATCH; i += 1) {
      const item = sample.events[i % sample.events.length];
      if (!item) continue;
      const topic = resourceTopic(item.resourceCode);
      const entry = byTopic.get(topic) ?? { topic, messages: [] };
      entry.messages.push(toKafkaMessage(item.event));
      byTopic.set(topic, entry);
    }
    return [...byTopic.values()];
  };
  try {
    await producer.sendBatch({ topicMessages: batchOf(0), acks: -1 });
    const started = performance.now();
    let sent = 0;
    while (sent < total) {
      await producer.sendBatch({ topicMessages: batchOf(sent), acks: -1 });
      sent += BATCH;
    }
    return { events: sent, seconds: (performance.now() - started) / 1000 };
  } finally {
    await producer.disconnect();
  }
}

/** Deletes this run's events the relay has not reached (and the dead rows they leave). */
async function abandonBacklog(pool: Pool, provider: string): Promise<number> {
  const deleted = await pool.query(`DELETE FROM event_log WHERE source LIKE '/agencies/' || $1 || '/%' AND relayed_at IS NULL`, [
    provider,
  ]);
  await pool.query('VACUUM event_log');
  return deleted.rowCount ?? 0;
}

/**
 * The scratch database keeps no bench events, relayed or not (superuser only: the gateway's role
 * may not delete from the outbox).
 */
async function forget(pool: Pool, provider: string): Promise<void> {
  await pool.query(`DELETE FROM event_log WHERE source LIKE '/agencies/' || $1 || '/%'`, [provider]);
}
