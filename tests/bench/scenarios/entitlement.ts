import { randomBytes } from 'node:crypto';
import { openStandaloneEntitlements, type EntitlementQuestion, type ResourceMetadata } from '@hutong/catalog';
import { createDataSource } from '@hutong/persistence';
import { createLogger, loadAppConfig } from '@hutong/platform';
import type { DataSource } from 'typeorm';
import type { Scenario } from '../scenario';
import { benchOperatorToken } from './bench-operator';

const CONSUMERS = 1_000;
const RESOURCES = 100;
const GRANTS_PER_CONSUMER = 10;
const CACHED_CHECKS = 200_000;
const UNCACHED_CHECKS = 2_000;

/**
 * The entitlement check with 10 000 grants in the database (1 000 consumers × 10 resources of 100):
 * p50/p99 of one check when its entry and grants are cached (target: p99 < 100 µs), and when the
 * cache is cold (one database round trip per check), against a baseline of an awaited map lookup
 * timed the same way in the same run. The HTTP figures are catalog search as an operator.
 */
export const entitlement: Scenario = {
  name: 'entitlement',
  description: `entitlement check, ${CONSUMERS * GRANTS_PER_CONSUMER} grants, cached and cold (PostgreSQL); HTTP: GET /catalog/resources`,
  async prepare({ gateway }) {
    if (!process.env.DATABASE_URL) throw new Error('entitlement measures PostgreSQL: set DATABASE_URL');
    const token = await benchOperatorToken(gateway);
    return {
      label: 'GET /catalog/resources (operator, audited)',
      path: '/catalog/resources?limit=20',
      headers: { authorization: `Bearer ${token}` },
    };
  },
  async report() {
    const url = process.env.DATABASE_URL ?? '';
    const dataSource = createDataSource({ url, poolSize: 4, statementTimeoutMs: 120_000, applicationName: 'hutong-bench' });
    await dataSource.initialize();
    const logger = createLogger({ level: 'silent' });
    const standalone = await openStandaloneEntitlements(
      dataSource,
      loadAppConfig({ DATABASE_URL: url, NODE_ENV: 'test' }),
      logger,
    );
    try {
      const questions = await seed(dataSource, standalone.resources);
      const { entitlements } = standalone;
      for (const question of questions) await entitlements.check(question);
      const cached = await time(CACHED_CHECKS, (i) => entitlements.check(pick(questions, i)));
      const cold = await time(UNCACHED_CHECKS, (i) => {
        entitlements.forget('*');
        return entitlements.check(pick(questions, i));
      });
      const lookup = new Map(questions.map((q, i) => [i, q]));
      const baseline = await time(CACHED_CHECKS, (i) => Promise.resolve(lookup.get(i % questions.length)));
      return {
        entitlement: {
          grants: questions.length,
          cachedMicros: cached,
          coldMicros: cold,
          baselineAwaitedLookupMicros: baseline,
          cachedP99ToBaselineP99: baseline.p99 > 0 ? Math.round((cached.p99 / baseline.p99) * 10) / 10 : null,
          targetP99Micros: 100,
          targetMet: cached.p99 < 100,
        },
      };
    } finally {
      await standalone.close();
      await dataSource.destroy();
    }
  },
};

function pick(questions: readonly EntitlementQuestion[], i: number): EntitlementQuestion {
  const question = questions[(i * 7919) % questions.length];
  if (!question) throw new Error('no questions');
  return question;
}

async function time(
  count: number,
  run: (i: number) => Promise<unknown>,
): Promise<{ checks: number; p50: number; p99: number; p999: number; max: number; perSecond: number }> {
  const samples = new Float64Array(count);
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const t0 = performance.now();
    await run(i);
    samples[i] = (performance.now() - t0) * 1000;
  }
  const seconds = (performance.now() - started) / 1000;
  samples.sort();
  const at = (q: number) => Math.round((samples[Math.min(count - 1, Math.ceil(q * count) - 1)] ?? 0) * 10) / 10;
  return { checks: count, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: at(1), perSecond: Math.round(count / seconds) };
}

/** Agencies, published entries and 10 000 grants under a fresh prefix, straight into the tables. */
async function seed(
  dataSource: DataSource,
  resources: Awaited<ReturnType<typeof openStandaloneEntitlements>>['resources'],
): Promise<EntitlementQuestion[]> {
  const run = randomBytes(3).toString('hex').toUpperCase();
  const provider = `BENCHP${run}`;
  await dataSource.query(
    `INSERT INTO principals (id, kind, name) SELECT id, 'agency', id FROM (SELECT $1::text AS id UNION ALL
       SELECT 'BENCHC' || $2 || lpad(i::text, 6, '0') FROM generate_series(1, $3::int) i) ids`,
    [provider, run, CONSUMERS],
  );
  await dataSource.query(
    `INSERT INTO agencies (code, level, division_code, roles, name_normalized)
     SELECT id, 'city', '440100', CASE WHEN id = $1 THEN ARRAY['provider'] ELSE ARRAY['consumer'] END, lower(id)
       FROM principals WHERE id = $1 OR id LIKE 'BENCHC' || $2 || '%'`,
    [provider, run],
  );
  const codes: string[] = [];
  await dataSource.transaction(async (manager) => {
    for (let r = 0; r < RESOURCES; r += 1) {
      const code = await resources.nextCode('301001', manager);
      const metadata = benchMetadata(r);
      await resources.insert(
        code,
        provider,
        { status: 'published', currentVersion: 1, revision: null, effective: metadata, publishedAt: new Date(), retiredAt: null },
        manager,
      );
      await resources.insertVersion(code, 1, metadata, 'bench', manager);
      codes.push(code);
    }
  });
  await dataSource.query(
    `WITH pairs AS (
       SELECT 'BENCHC' || $1 || lpad(c::text, 6, '0') AS consumer, ($2::text[])[1 + (c * 7 + k) % $3] AS resource, gen_random_uuid() AS request
         FROM generate_series(1, $4::int) c, generate_series(0, $5::int - 1) k),
     requests AS (
       INSERT INTO access_requests (id, resource_code, consumer_code, provider_code, state, application)
       SELECT request, resource, consumer, $6, 'approved', '{"purpose":"business_collaboration"}'::jsonb FROM pairs RETURNING id)
     INSERT INTO grants (id, request_id, consumer_code, resource_code, provider_code, items, purpose, valid_from, valid_to)
     SELECT gen_random_uuid(), request, consumer, resource, $6, ARRAY['status', 'address'], 'business_collaboration',
            now() - interval '1 day', now() + interval '300 days'
       FROM pairs`,
    [run, codes, RESOURCES, CONSUMERS, GRANTS_PER_CONSUMER, provider],
  );
  const rows: Array<{ consumer_code: string; resource_code: string }> = await dataSource.query(
    `SELECT consumer_code, resource_code FROM grants WHERE provider_code = $1`,
    [provider],
  );
  return rows.map((row) => ({
    principal: { id: row.consumer_code, kind: 'agency' },
    resourceCode: row.resource_code,
    items: ['id', 'status'],
  }));
}

function benchMetadata(index: number): ResourceMetadata {
  const item = (code: string, sharingType: 'unconditional' | 'conditional') => ({
    code,
    name: code,
    dataType: 'string' as const,
    description: null,
    sensitive: false,
    sharingType,
    key: code === 'id',
    required: code === 'id',
    maxLength: null,
    pattern: null,
    enumValues: null,
  });
  return {
    name: `基准测试资源 ${index}`,
    classification: {
      category: 'department',
      item: '01',
      group: '001',
      detail: null,
      labels: { item: '基准', group: null, detail: null },
    },
    summary: '基准测试用资源',
    format: 'database',
    items: [item('id', 'unconditional'), item('status', 'conditional'), item('address', 'conditional')],
    sharing: { type: 'conditional', conditions: null, methods: ['api'], legalBasis: '基准测试' },
    openAccess: { open: false, conditions: null },
    updateCycle: 'daily',
    relatedResources: [],
    securityLevel: 2,
    authoritativeSource: false,
    administrativeLevel: 'city',
    scopeItem: null,
    keywords: [],
  };
}
