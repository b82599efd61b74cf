import { Client } from 'pg';
import type { Scenario } from '../scenario';
import { SOCIAL_INSURANCE } from '../../../seeds/datasets';
import { GUANGZHOU_DISTRICTS, insertSocialInsuranceRows, registryOf } from '../../support/dataset-rows';
import { benchAgency, call } from './bench-agency';
import { benchOperatorToken } from './bench-operator';
import { freshDatabaseFixture } from './registry-bench';

const ROWS = Number(process.env.BENCH_DATASET_ROWS ?? 1_000_000);
const PAGE = Number(process.env.BENCH_DATASET_PAGE ?? 20);
// BENCH_DATASET_FILTER=<0-3> runs one filter shape only (to see which costs what); default: a random mix.
let loadSeconds = 0;

const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)] as T;
const STATUSES = ['paying', 'suspended', 'terminated'] as const;
const TYPES = ['pension', 'medical', 'unemployment', 'work_injury', 'maternity'] as const;

/** One random indexed filter of the kinds consumers send: equality, ranges, prefixes, lists, a sort. */
function randomQuery(base: string): string {
  const months = Math.floor(Math.random() * 470);
  const year = 1995 + Math.floor(Math.random() * 30);
  const filters = [
    `district eq '${pick(GUANGZHOU_DISTRICTS)}' and paid_months ge ${months} and paid_months lt ${months + 3}`,
    `insured_status eq '${pick(STATUSES)}' and insured_since sw '${year}-0${1 + Math.floor(Math.random() * 9)}'`,
    `insurance_type in ('${pick(TYPES)}', '${pick(TYPES)}') and paid_months eq ${months}`,
    `last_paid_at ge '2025-0${1 + Math.floor(Math.random() * 9)}-01T00:00:00+08:00' and district eq '${pick(GUANGZHOU_DISTRICTS)}'`,
  ];
  const only = process.env.BENCH_DATASET_FILTER;
  const filter = only === undefined ? pick(filters) : (filters[Number(only)] ?? filters[0]);
  const params = new URLSearchParams({ filter: filter ?? '', limit: String(PAGE) });
  if (only === undefined && Math.random() < 0.25) params.set('sort', '-paid_months');
  return `${base}/records?${params.toString()}`;
}

/**
 * Indexed-filter queries on a ROWS-row dataset (the social-insurance seed's schema), as a consumer
 * granted the conditional items it filters on, audited: every request runs the guard, the dataset
 * lookup (cached), the entitlement check, one SQL statement on the dataset's partition and its
 * indexes, the projection and an audit entry. The rows are generated in PostgreSQL
 * (tests/support/dataset-rows.ts) — the import path has its own benchmark (person-import).
 * Target ≥ 2 000 requests/s, p99 < 50 ms; compared with the baseline route.
 */
export const datasetQuery: Scenario = {
  name: 'dataset-query',
  description: `GET /agencies/{a}/datasets/social-insurance/records?filter=… on ${ROWS} rows, pages of ${PAGE}, granted consumer, audited (PostgreSQL)`,
  setUp: freshDatabaseFixture,
  async prepare({ gateway, fixture }) {
    const operatorToken = await benchOperatorToken(gateway);
    const provider = await benchAgency(gateway, operatorToken, { roles: ['provider', 'consumer'], divisionCode: '440100' });
    const drafted = await call<{ code: string }>(gateway, provider.token, 'POST', '/catalog/resources', 201, {
      ...SOCIAL_INSURANCE.entry,
    });
    await call(gateway, provider.token, 'POST', `/catalog/resources/${drafted.code}/submit`, 200);
    await call(gateway, operatorToken, 'POST', `/catalog/resources/${drafted.code}/publish`, 200);
    const base = `/agencies/${provider.code}/datasets/${SOCIAL_INSURANCE.code}`;
    await call(gateway, provider.token, 'POST', `/agencies/${provider.code}/datasets`, 201, {
      code: SOCIAL_INSURANCE.code,
      resourceCode: drafted.code,
    });
    const client = new Client({ connectionString: fixture?.gatewayEnv.DATABASE_URL });
    await client.connect();
    const started = Date.now();
    try {
      await insertSocialInsuranceRows(client, await registryOf(client, provider.code, SOCIAL_INSURANCE.code), ROWS);
    } finally {
      await client.end();
    }
    loadSeconds = (Date.now() - started) / 1000;
    const reader = await benchAgency(gateway, operatorToken, { roles: ['consumer'], divisionCode: '440100' });
    const request = await call<{ id: string }>(
      gateway,
      reader.token,
      'POST',
      `/catalog/resources/${drafted.code}/access-requests`,
      201,
      {
        purpose: 'business_collaboration',
        basis: '基准测试',
        items: ['district', 'paid_months', 'last_paid_at'],
        validTo: new Date(Date.now() + 300 * 86_400_000).toISOString(),
      },
    );
    await call(gateway, provider.token, 'POST', `/access-requests/${request.id}/approve`, 200, {});
    const headers = { authorization: `Bearer ${reader.token}` };
    return {
      label: `GET ${base}/records?filter=… (random indexed filters, granted consumer, audited)`,
      path: randomQuery(base),
      headers,
      requests: [{ method: 'GET', headers, setupRequest: (req) => ({ ...req, path: randomQuery(base) }) }],
    };
  },
  report() {
    return Promise.resolve({ datasetQuery: { rows: ROWS, page: PAGE, rowsGeneratedInSeconds: loadSeconds } });
  },
};
