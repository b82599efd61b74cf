import { readdir, readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { startMockCluster } from '../../support/kafka-harness';
import type { RunningGateway } from '../gateway-process';
import type { ScenarioContext, ScenarioFixture } from '../scenario';

/**
 * What the exchange scenarios share: librdkafka's mock cluster (ARCHITECTURE §7) started before
 * the gateway so the gateway gets KAFKA_BROKERS, a pg pool for writing the outbox directly, the
 * operator's view of the relay, percentiles and CPU accounting per process name.
 */
export async function mockKafkaFixture(): Promise<ScenarioFixture> {
  if (!process.env.DATABASE_URL) throw new Error('the exchange scenarios measure PostgreSQL: set DATABASE_URL');
  const cluster = await startMockCluster(3);
  return {
    gatewayEnv: { KAFKA_BROKERS: cluster.brokers.join(','), KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    tearDown: () => cluster.stop(),
  };
}

export function brokersOf(context: ScenarioContext): string[] {
  const brokers = context.fixture?.gatewayEnv.KAFKA_BROKERS;
  if (!brokers) throw new Error('no Kafka cluster: the scenario must be set up with mockKafkaFixture()');
  return brokers.split(',');
}

/** A kafkajs client configured as the gateway's own (libs/exchange/src/kafka/kafka.module.ts). */
export function benchKafka(brokers: readonly string[], clientId: string): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  return new Kafka({
    clientId,
    brokers: [...brokers],
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2_000 },
    logLevel: logLevel.ERROR,
  });
}

export function benchPool(max: number): Pool {
  return new Pool({ connectionString: process.env.DATABASE_URL, max, application_name: 'hutong-bench' });
}

/**
 * VACUUM ANALYZE of the outbox before anything is measured: autovacuum may be off (it is on the
 * machine these numbers come from), and the dead rows earlier runs left would slow the relay's
 * and the status route's queries as they would not on a database with autovacuum.
 */
export async function vacuumOutbox(): Promise<void> {
  const pool = benchPool(1);
  try {
    await pool.query('VACUUM ANALYZE event_log');
  } finally {
    await pool.end();
  }
}

export interface RelayView {
  readonly relay: { leader: boolean; kafka: boolean; consecutiveFailures: number; lastError: string | null };
  readonly backlog: { events: number; oldestUnrelayedSeconds: number | null };
}

export async function exchangeStatus(gateway: RunningGateway, operatorToken: string): Promise<RelayView> {
  const response = await fetch(`${gateway.url}/admin/exchange/status`, { headers: { authorization: `Bearer ${operatorToken}` } });
  if (response.status !== 200) throw new Error(`GET /admin/exchange/status: ${response.status} ${await response.text()}`);
  return (await response.json()) as RelayView;
}

/**
 * Fails unless this gateway leads the relay with Kafka: another gateway on the same database
 * holding the advisory lock would relay (or, without Kafka, only sequence) the bench's events.
 */
export async function expectKafkaLeader(gateway: RunningGateway, operatorToken: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { relay } = await exchangeStatus(gateway, operatorToken);
    if (!relay.kafka) throw new Error('the gateway runs without Kafka (KAFKA_BROKERS not passed?)');
    if (relay.leader) return;
    if (Date.now() > deadline) {
      throw new Error('the bench gateway is not the relay leader: another gateway on this database holds the relay lock');
    }
    await sleep(250);
  }
}

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0, 1);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted.at(-1) ?? 0, 1) };
}

export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let clockTicks: number | undefined;

/** CPU seconds (user + system) used so far, per process, with the role of each. */
export type CpuReading = ReadonlyMap<number, { readonly role: string; readonly seconds: number }>;

/**
 * CPU time of this database's PostgreSQL backends, of the mock cluster this process started
 * (`kcat`), of the gateway and of this bench process — to tell which side of a pipeline was busy.
 * Other users' processes on the machine (their databases, their mock clusters) are left out.
 */
export async function cpuByProcess(gatewayPid: number, pool: Pool): Promise<CpuReading> {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const backends = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const roles = new Map<number, string>([
    [gatewayPid, 'gateway'],
    [process.pid, 'bench'],
    ...backends.rows.map((row): [number, string] => [row.pid, 'postgres']),
  ]);
  const reading = new Map<number, { role: string; seconds: number }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const role = roles.get(Number(entry)) ?? (name === 'kcat' && Number(fields[1]) === process.pid ? 'kcat' : undefined);
    if (role === undefined) continue;
    reading.set(Number(entry), { role, seconds: (Number(fields[11]) + Number(fields[12])) / clockTicks });
  }
  return reading;
}

/**
 * CPU seconds per role between two readings. A backend that connected in between counts from
 * zero; one that disconnected in between is lost (so PostgreSQL's figure is a lower bound).
 */
export function cpuSince(before: CpuReading, after: CpuReading): Record<string, number> {
  const totals: Record<string, number> = { gateway: 0, bench: 0, postgres: 0, kcat: 0 };
  for (const [pid, { role, seconds }] of after) totals[role] = (totals[role] ?? 0) + seconds - (before.get(pid)?.seconds ?? 0);
  return Object.fromEntries(Object.entries(totals).map(([role, seconds]) => [role, round(seconds, 1)]));
}
