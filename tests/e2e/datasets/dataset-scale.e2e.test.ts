import { DataSource } from 'typeorm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SOCIAL_INSURANCE } from '../../../seeds/datasets';
import { publishSeedDataset, type PublishedDataset } from '../../support/dataset-fixtures';
import { insertSocialInsuranceRows, registryOf } from '../../support/dataset-rows';
import { accessToken, bearer, createOperator } from '../../support/identity-fixtures';
import { useTestGateway } from '../../support/test-gateway';

/**
 * A 1 000 000-row dataset answers every indexed filter from an index: the statement the API runs is
 * captured and EXPLAINed on the loaded partition, and no plan node may be a sequential scan.
 */
const ROWS = Number(process.env.DATASET_SCALE_ROWS ?? 1_000_000);
const gateway = useTestGateway();

let dataset: PublishedDataset;
let registry: string;
let dataSource: DataSource;

beforeAll(async () => {
  const operator = await accessToken(gateway(), await createOperator(gateway()));
  dataset = await publishSeedDataset(gateway(), operator, SOCIAL_INSURANCE);
  dataSource = gateway().app.get(DataSource);
  const connection = dataSource.createQueryRunner();
  try {
    registry = await registryOf(connection, dataset.provider.agency.code, SOCIAL_INSURANCE.code);
    await insertSocialInsuranceRows(connection, registry, ROWS);
  } finally {
    await connection.release();
  }
}, 900_000);

afterEach(() => {
  vi.restoreAllMocks();
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

/** Runs the request, captures the dataset query it sent to PostgreSQL, and returns the answer and that query's plan. */
async function planOf(params: Record<string, string>) {
  const spy = vi.spyOn(dataSource, 'query');
  const response = await gateway().http().get(`${dataset.base}/records`).query(params).set(bearer(dataset.provider.token));
  const calls = spy.mock.calls.filter(
    ([sql]) => typeof sql === 'string' && sql.includes(`dataset_record`) && sql.includes('ORDER BY'),
  );
  spy.mockRestore();
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(calls.length).toBeGreaterThan(0);
  const plans: PlanNode[] = [];
  for (const [sql, values] of calls) {
    const [row] = await dataSource.query<Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>>(
      `EXPLAIN (FORMAT JSON) ${String(sql)}`,
      values as unknown[],
    );
    const plan = row?.['QUERY PLAN'][0]?.Plan;
    if (plan) plans.push(plan);
  }
  return { response, nodes: plans.flatMap(nodesOf) };
}

describe(`a ${ROWS.toLocaleString('en')}-row dataset`, () => {
  it.each([
    ['equality on an enum and a division', { filter: "insured_status eq 'terminated' and district eq '440106'" }],
    ['an integer range', { filter: 'paid_months ge 470 and paid_months lt 472' }],
    ['a prefix', { filter: "insured_since sw '1999-02'" }],
    ['a list', { filter: "insurance_type in ('maternity', 'work_injury') and paid_months eq 3" }],
    [
      'a date-time range',
      { filter: "last_paid_at ge '2025-12-31T00:00:00+08:00' and last_paid_at lt '2026-01-01T00:00:00+08:00'" },
    ],
    ['a sort with a filter', { filter: "district eq '440115'", sort: '-paid_months', limit: '50' }],
    ['asOf with a filter', { filter: 'paid_months eq 77', asOf: '2026-06-01T00:00:00+08:00' }],
  ])('answers %s from an index, never a sequential scan', async (_name, params) => {
    const { response, nodes } = await planOf(params);
    expect(response.body.items.length).toBeGreaterThan(0);
    const types = nodes.map((node) => node['Node Type']);
    expect(types, JSON.stringify(types)).not.toContain('Seq Scan');
    // Served by the dataset's own indexes: an item index, or its key (the planner may walk the key
    // order of a partition and stop at the page's end when the filter matches many rows).
    const partition = registry.replace('-', '_');
    const indexes = nodes.map((node) => node['Index Name']).filter((name): name is string => name !== undefined);
    expect(indexes.length, JSON.stringify(types)).toBeGreaterThan(0);
    expect(
      indexes.every((name) => name.startsWith(partition) || name.includes(`_${partition}_`)),
      JSON.stringify(indexes),
    ).toBe(true);
  });

  it('pages a sorted filter exactly: the pages together are what a count says, in order', async () => {
    const [counted] = await dataSource.query<Array<{ count: string }>>(
      `SELECT count(*) FROM dataset_records WHERE registry = $1 AND record ->> 'district' = '440103' AND (record ->> 'paid_months')::int >= 475`,
      [registry],
    );
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const response = await gateway()
        .http()
        .get(`${dataset.base}/records`)
        .query({
          filter: "district eq '440103' and paid_months ge 475",
          sort: 'paid_months',
          limit: '250',
          ...(cursor ? { cursor } : {}),
        })
        .set(bearer(dataset.provider.token));
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      seen.push(...response.body.items.map((r: { record: { paid_months: number } }) => r.record.paid_months));
      cursor = response.body.nextCursor;
    } while (cursor !== undefined);
    expect(seen.length).toBe(Number(counted?.count));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});
