import { AuditRepository, AuditWriter } from '@hutong/audit';
import { createDataSource } from '@hutong/persistence';
import { createLogger } from '@hutong/platform';
import type { Scenario } from '../scenario';
import { benchOperatorToken } from './bench-operator';

const ENTRIES = 200_000;
const PRODUCERS = 512;

/**
 * Sustained audit appends with group commit on PostgreSQL: ENTRIES entries from PRODUCERS
 * concurrent producers through the gateway's AuditWriter, timed end to end (each resolves only
 * when durable). The HTTP figures alongside are the audited no-op route. Target ≥ 20 000 entries/s.
 */
export const auditAppend: Scenario = {
  name: 'audit-append',
  description: `${ENTRIES} audit entries from ${PRODUCERS} concurrent producers (group commit, PostgreSQL); HTTP: GET /me/check, audited`,
  async prepare({ gateway }) {
    if (!process.env.DATABASE_URL) throw new Error('audit-append measures PostgreSQL: set DATABASE_URL');
    const token = await benchOperatorToken(gateway);
    return { label: 'GET /me/check (authenticated, audited)', path: '/me/check', headers: { authorization: `Bearer ${token}` } };
  },
  async report() {
    const dataSource = createDataSource({
      url: process.env.DATABASE_URL ?? '',
      poolSize: 4,
      statementTimeoutMs: 60_000,
      applicationName: 'hutong-bench',
    });
    await dataSource.initialize();
    try {
      const writer = new AuditWriter(new AuditRepository(dataSource), createLogger({ level: 'silent' }));
      let next = 0;
      const latencies: number[] = [];
      const producer = async (): Promise<void> => {
        while (next < ENTRIES) {
          next += 1;
          const started = performance.now();
          await writer.append({
            action: 'bench.append',
            outcome: 'allowed',
            principal: { id: 'bench', kind: 'agency' },
            recordCount: next,
          });
          latencies.push(performance.now() - started);
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: PRODUCERS }, producer));
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const at = (q: number) =>
        Math.round((latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0) * 100) / 100;
      return {
        auditAppend: {
          entries: latencies.length,
          producers: PRODUCERS,
          seconds: Math.round(seconds * 100) / 100,
          entriesPerSecond: Math.round(latencies.length / seconds),
          appendLatencyMs: { p50: at(0.5), p99: at(0.99), max: at(1) },
        },
      };
    } finally {
      await dataSource.destroy();
    }
  },
};
