/**
 * Security review of the agency datasets (libs/datasets): SQL injection through every input of the
 * query and publish APIs, data disclosure past grants (items, masks, row scopes, 不予共享 entries,
 * history, keys), write integrity, registration and schema evolution, and robustness (every bad
 * input a 4xx problem+json, never a 500 or a hang), written by a security probe. Tests whose
 * comment says "found by the security review" failed before their fix; the others guard defences
 * that held.
 */
import { buildCitizenId } from '@hutong/gb-codes';
import { beforeAll, describe, expect, it } from 'vitest';
import { SOCIAL_INSURANCE } from '../../../seeds/datasets';
import { publishEntry } from '../../support/catalog-fixtures';
import { keyOf, publishSeedDataset, putSeedRecords, type PublishedDataset } from '../../support/dataset-fixtures';
import { accessToken, bearer, createAgency, createOperator } from '../../support/identity-fixtures';
import { awaitImport, consumer, grant } from '../../support/registry-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();
const seed = SOCIAL_INSURANCE;

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  readonly body: unknown;
}

/** An RFC 9457 answer with this status (or one of these), as application/problem+json. */
function expectProblem(response: Answer, status: number | readonly number[], type?: string): void {
  const statuses = typeof status === 'number' ? [status] : status;
  expect(statuses, `${response.status} ${response.text.slice(0, 600)}`).toContain(response.status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.body as { status?: unknown; type?: unknown };
  expect(body.status).toBe(response.status);
  expect(typeof body.type).toBe('string');
  if (type !== undefined) expect(body.type).toBe(type);
}

/** Any client error as problem+json: never a 500, never a success. */
function expectClientError(response: Answer): void {
  expect(response.status, `${response.status} ${response.text.slice(0, 600)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${response.status} ${response.text.slice(0, 600)}`).toBeLessThan(500);
  expectProblem(response, response.status);
}

const cursorOf = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const person = (division: string, sequence: number): string =>
  buildCitizenId({ divisionCode: division, birthDate: '1980-01-01', sequence });

type Item = Record<string, unknown> & { code: string };

/** 审查案件 — a departmental dataset with a conditional key (a person), row-scoped by district. */
const caseItems = (): Item[] => [
  {
    code: 'person_id',
    name: '当事人身份号码',
    dataType: 'citizen_id',
    sharingType: 'conditional',
    key: true,
    indexed: true,
    sensitive: true,
  },
  {
    code: 'case_status',
    name: '案件状态',
    dataType: 'enum',
    sharingType: 'unconditional',
    required: true,
    indexed: true,
    enumValues: ['open', 'closed'],
  },
  { code: 'district', name: '行政区划', dataType: 'division_code', sharingType: 'conditional', required: true, indexed: true },
  { code: 'note', name: '备注', dataType: 'string', sharingType: 'unconditional', indexed: true, maxLength: 500 },
  { code: 'amount', name: '涉案金额', dataType: 'integer', sharingType: 'conditional', indexed: true },
  { code: 'occurred_at', name: '发生时间', dataType: 'datetime', sharingType: 'unconditional', indexed: true },
  { code: 'ref_no', name: '文书号', dataType: 'string', sharingType: 'unconditional', unique: true, maxLength: 40 },
  { code: 'fine', name: '罚款金额', dataType: 'decimal', sharingType: 'conditional' },
];

const entryWith = (items: Item[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...seed.entry,
  name: '审查案件',
  items,
  scopeItem: 'district',
  keywords: ['审查'],
  ...extra,
});

interface Provider {
  readonly code: string;
  readonly token: string;
}

interface Dataset {
  readonly resource: string;
  readonly base: string;
}

let operator: string;
let insurance: PublishedDataset;
let cases: Dataset;
let provider: Provider;
let rival: Provider;
/** A consumer with no grant at all: unconditional items only. */
let reader: { token: string };
/** A consumer granted paid_months and district of social insurance, for rows in 440106 only. */
let scoped: { token: string };
/** A consumer granted the cases' person_id (masked), district and amount. */
let masked: { token: string };

const insuranceFirst = seed.records[0] ?? {};
const insuranceKey = keyOf(seed, insuranceFirst);
const outsideRecord = seed.records.find((record) => record.district !== '440106') ?? {};
const outsideKey = keyOf(seed, outsideRecord);

const caseA = person('440106', 11);
const caseB = person('440104', 12);

const http = () => gateway().http();

async function newProvider(): Promise<Provider> {
  const agency = await createAgency(gateway(), operator, { roles: ['provider', 'consumer'] });
  return { code: agency.code, token: await accessToken(gateway(), agency) };
}

/** Publishes `entry` for `owner` and registers it as dataset `code`; returns the registration answer too. */
async function publishAndRegister(owner: Provider, code: string, entry: Record<string, unknown>) {
  const resource = await publishEntry(gateway(), owner.token, operator, entry);
  const registered = await http()
    .post(`/agencies/${owner.code}/datasets`)
    .set(bearer(owner.token))
    .send({ code, resourceCode: resource });
  return { resource, base: `/agencies/${owner.code}/datasets/${code}`, registered };
}

async function register(owner: Provider, code: string, entry: Record<string, unknown>): Promise<Dataset> {
  const { resource, base, registered } = await publishAndRegister(owner, code, entry);
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  return { resource, base };
}

function putCase(dataset: Dataset, key: string, record: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return http()
    .put(`${dataset.base}/records/${encodeURIComponent(key)}`)
    .set(bearer(provider.token))
    .send({ record: { case_status: 'open', district: '440106', ...record }, ...extra });
}

/** Sends a file to the imports route; for an accepted file waits for the import and fetches its error report. */
async function importFile(dataset: Dataset, contentType: string, body: string | Buffer, token = provider.token) {
  const started = await http().post(`${dataset.base}/imports`).set(bearer(token)).set('content-type', contentType).send(body);
  if (started.status !== 202) return { started, finished: undefined, errors: [] as Array<Record<string, unknown>> };
  const location = started.headers.location ?? '';
  const finished = await awaitImport(gateway(), token, location);
  const report = await http().get(`${location}/errors`).set(bearer(token));
  return { started, finished, errors: (report.body.errors ?? []) as Array<Record<string, unknown>> };
}

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  insurance = await publishSeedDataset(gateway(), operator, seed);
  await putSeedRecords(gateway(), seed, insurance);
  provider = await newProvider();
  rival = await newProvider();
  cases = await register(provider, 'review-cases', entryWith(caseItems()));
  for (const response of [
    await putCase(cases, caseA, { amount: 5, ref_no: 'R-A', note: 'alpha' }),
    await putCase(cases, caseB, { district: '440104', amount: 9, note: 'beta' }),
  ]) {
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  }
  reader = await consumer(gateway(), operator);
  scoped = await consumer(gateway(), operator);
  await grant(gateway(), insurance.resource, scoped.token, insurance.provider.token, ['paid_months', 'district'], {}, ['440106']);
  masked = await consumer(gateway(), operator);
  await grant(gateway(), cases.resource, masked.token, provider.token, ['person_id', 'district', 'amount'], {
    maskedItems: ['person_id', 'amount'],
  });
});

describe('SQL injection through the query API', () => {
  const query = (params: Record<string, string>, token = insurance.provider.token) =>
    http().get(`${insurance.base}/records`).query(params).set(bearer(token));

  it('answers an ordinary filter (the baseline the attacks below are measured against)', async () => {
    const response = await query({ filter: "insured_status eq 'paying' and paid_months ge 0" });
    expect(response.status, response.text).toBe(200);
    expect(response.body.items.length).toBeGreaterThan(0);
  });

  it.each([
    ["district eq '440106'' OR 1=1 --'"],
    ["insured_status eq 'paying'' OR ''1''=''1'"],
    ["insurance_type in ('pension'')--', 'x')"],
    ["insured_status eq 'paying'; DROP TABLE dataset_records; --"],
    ['paid_months ge 0) OR (1=1'],
    ['paid_months::text eq 1'],
    ["(record->>'contribution_base') eq '1'"],
    ['paid_months ne 1'],
    ["insured_name like '%'"],
    ["insured_status eq 'paying' or 1 eq 1"],
    ['paid_months ge 1e3'],
    ['paid_months ge 0x10'],
    ["paid_months ge '1'"],
    ['paid_months in ()'],
    ["insured_since eq '2008-07-01'::date"],
    ['insured_status eq $$paying$$'],
    ["insured_status eq E'\\x27'"],
    ['record_status eq true'],
    ['key eq 1'],
    [`paid_months in (${Array.from({ length: 101 }, (_, i) => i).join(',')})`],
    [Array.from({ length: 11 }, (_, i) => `paid_months ge ${i}`).join(' and ')],
  ])('refuses the filter %j with a 4xx problem, never running it', async (filter) => {
    expectClientError(await query({ filter }));
  });

  it('keeps %, _ and \\ in an sw prefix literal', async () => {
    const sane = await query({ filter: "district sw '4401'" });
    expect(sane.body.items.length).toBeGreaterThan(0);
    for (const prefix of ['%', '_', '4401__', '44010_', '4401%', '\\', '\\%', '%\\', "'' OR ''"]) {
      const response = await query({ filter: `district sw '${prefix.replace(/'/g, "''")}'` });
      expect(response.status, `${prefix}: ${response.text}`).toBe(200);
      expect(response.body.items, prefix).toEqual([]);
    }
  });

  it.each([
    ['paid_months;drop table x'],
    ['-paid_months desc'],
    ['paid_months,district'],
    ['(paid_months)'],
    ['-key'],
    ['record_status'],
    ['contribution_base'],
  ])('refuses the sort %j', async (sort) => {
    expectClientError(await query({ sort }));
  });

  it.each([['paid_months) --'], ["district,'x'"], ['record_status'], ['Paid_months'], ['paid_months,,district']])(
    'refuses items=%j',
    async (items) => {
      expectClientError(await query({ items }));
    },
  );

  it.each([['0'], ['-1'], ['1.5'], ['abc'], ['1;drop'], ['1001']])('refuses version=%j', async (version) => {
    expectClientError(await query({ version }));
  });

  it.each([
    ['2026-02-30T00:00:00+08:00'],
    ['2026-01-01'],
    ['2026-01-01T00:00:00'],
    ['now()'],
    ["2026-01-01T00:00:00+08:00' OR '1'='1"],
    ['0001-01-01T00:00:00Z'],
    ['2026-13-01T00:00:00Z'],
    ['2026-01-01T25:00:00Z'],
  ])('refuses asOf=%j', async (asOf) => {
    expectClientError(await query({ asOf }));
  });

  it.each([['0'], ['1001'], ['-5'], ['1;drop'], ['ten']])('refuses limit=%j', async (limit) => {
    expectClientError(await query({ limit }));
  });

  it.each([["x' OR '1'='1"], ['..'], ['a'], ['%2e%2e'], ['AB%27--']])(
    'refuses the agency path parameter %j without reaching the database',
    async (agency) => {
      const response = await http().get(`/agencies/${agency}/datasets/social-insurance/records`).set(bearer(reader.token));
      expectClientError(response);
    },
  );

  it.each([["social-insurance'--"], ['Social-Insurance'], ['x'], ['a'.repeat(60)], ['social_insurance'], ['%2e%2e']])(
    'refuses the dataset path parameter %j',
    async (dataset) => {
      const response = await http()
        .get(`/agencies/${insurance.provider.agency.code}/datasets/${dataset}/records`)
        .set(bearer(reader.token));
      expectClientError(response);
    },
  );

  it.each([
    ["440106198503120314~pension' OR '1'='1"],
    ['440106198503120314'],
    ['440106198503120314~pension~medical'],
    ['~'],
    ['~pension'],
    ['440106198503120314~'],
    ['440106198503120314%2Fpension'],
    ['440106198503120314~pension%5C'],
    ['..%2F..%2Fadmin'],
    ['%ED%A0%80'],
    ['%E0%A4%A'],
    ['%F0%9F%98%80'.repeat(1200)],
    ['x'.repeat(1001)],
    ['440106198503120314%7Epension%00'],
  ])('refuses the record key %j', async (key) => {
    const response = await http().get(`${insurance.base}/records/${key}`).set(bearer(insurance.provider.token));
    expectClientError(response);
  });

  it('refuses bad batch bodies: injected keys, too many keys, wrong types, bad item codes', async () => {
    const batch = (body: unknown) =>
      http()
        .post(`${insurance.base}/records/batch`)
        .set(bearer(insurance.provider.token))
        .send(body as object);
    expectClientError(await batch({ keys: ["440106198503120314~pension' OR 1=1 --"] }));
    expectClientError(await batch({ keys: Array.from({ length: 1001 }, () => insuranceKey) }));
    expectClientError(await batch({ keys: [] }));
    expectClientError(await batch({ keys: [1, 2] }));
    expectClientError(await batch({ keys: 'x' }));
    expectClientError(await batch({ keys: [insuranceKey], items: ['paid_months) --'] }));
    expectClientError(await batch({ keys: [insuranceKey], asOf: '2026-02-30T00:00:00Z' }));
    expectClientError(await batch({ keys: [insuranceKey.replace('~', '\u0000')] }));
    const ok = await batch({ keys: [insuranceKey, insuranceKey.toLowerCase()] });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.records).toHaveLength(1);
  });
});

describe('forged and replayed cursors', () => {
  const page = (params: Record<string, string>, token = insurance.provider.token) =>
    http().get(`${insurance.base}/records`).query(params).set(bearer(token));

  it.each([
    ['a JSON array', Buffer.from('[1,2,3]').toString('base64url'), {}],
    ['not JSON', Buffer.from('{oops').toString('base64url'), {}],
    ['a JSON string', cursorOf('k'), {}],
    ['a sort of another type', cursorOf({ s: 1, v: null, k: 'a' }), {}],
    ['a value that is an object', cursorOf({ s: 'paid_months', v: { $ne: 1 }, k: 'a' }), { sort: 'paid_months' }],
    ['a key that is a number', cursorOf({ s: 'key', v: null, k: 7 }), {}],
    ['another sort', cursorOf({ s: 'insured_since', v: '2008-07-01', k: 'a' }), { sort: 'paid_months' }],
    ['characters outside base64url', 'abc.def', {}],
    ['a huge cursor', 'A'.repeat(2001), {}],
  ])('refuses a cursor that is %s (400)', async (_what, cursor, params) => {
    expectProblem(await page({ ...params, cursor }), 400);
  });

  // Found by the security review (fixed): a forged cursor's value is cast to the sort item's SQL type (`$n::bigint`,
  // `$n::timestamptz`) and a key or value holding NUL reaches PostgreSQL: the query fails and the
  // gateway answers 500 instead of refusing the cursor. Fix: decodeCursor (libs/datasets/src/query/
  // page-cursor.ts) should check the value against the sort item's type (integer/decimal/boolean/
  // RFC 3339 instant/text without NUL) and the key against the key rules, or the cursor should be
  // HMAC-signed so that only cursors the gateway issued are accepted.
  it.each([
    ['a non-numeric value for an integer sort', 'paid_months', cursorOf({ s: 'paid_months', v: 'abc', k: 'x' })],
    ['an out-of-range value for an integer sort', 'paid_months', cursorOf({ s: 'paid_months', v: '9'.repeat(30), k: 'x' })],
    ['a non-date value for a date-time sort', 'last_paid_at', cursorOf({ s: 'last_paid_at', v: 'yesterday', k: 'x' })],
    ['a NUL inside the value', 'insured_since', cursorOf({ s: 'insured_since', v: 'a\u0000b', k: 'x' })],
    ['a NUL inside the key', 'key', cursorOf({ s: 'key', v: null, k: 'a\u0000b' })],
  ])('refuses a cursor with %s as a 400, not a 500', async (_what, sort, cursor) => {
    const response = await page({ ...(sort === 'key' ? {} : { sort }), cursor });
    expectProblem(response, 400);
  });

  it('does not let a consumer reuse a provider’s cursor to sort on an item it may not read', async () => {
    const first = await page({ sort: 'paid_months', limit: '1' });
    expect(first.body.nextCursor).toBeDefined();
    const replay = await page({ sort: 'paid_months', cursor: String(first.body.nextCursor) }, reader.token);
    expectProblem(replay, 403);
    expect(replay.body).toMatchObject({ reason: 'item_not_granted' });
  });

  it('pages a scoped consumer through its own rows only, cursor or not', async () => {
    const keys: string[] = [];
    let cursor: string | undefined;
    do {
      const response = await page(
        { filter: 'paid_months ge 0', sort: 'paid_months', limit: '1', ...(cursor ? { cursor } : {}) },
        scoped.token,
      );
      expect(response.status, response.text).toBe(200);
      for (const row of response.body.items as Array<{ key: string; record: { district?: string } }>) {
        expect(row.record.district).toBe('440106');
        keys.push(row.key);
      }
      cursor = response.body.nextCursor;
    } while (cursor !== undefined);
    expect(keys).not.toContain(outsideKey);
  });
});

describe('date-times JavaScript accepts and PostgreSQL does not', () => {
  // Found by the security review (fixed): the value checks take any RFC 3339 offset Date.parse takes (+16:00 … +23:59), but
  // PostgreSQL's timestamptz refuses offsets beyond ±15:59. On an indexed date-time item the
  // index expression (hutong_instant) fails inside the INSERT: a PUT answers 500, an import batch
  // fails as a whole (its valid rows lost), and a filter with such a value answers 500. Fix: refuse
  // offsets outside ±15:59 (better: ±14:00, the real range) in ISO_DATETIME of libs/registries/src/
  // kit/item-values.ts and RFC3339 of libs/datasets/src/query/filter-values.ts.
  it('refuses a write with an offset PostgreSQL cannot read as a 400 naming the item', async () => {
    const response = await http()
      .put(`${insurance.base}/records/${encodeURIComponent(insuranceKey)}`)
      .set(bearer(insurance.provider.token))
      .send({ record: { ...insuranceFirst, last_paid_at: '2026-01-01T00:00:00+16:00' } });
    expectProblem(response, 400);
    expect(response.body.errors[0]).toMatchObject({ field: 'last_paid_at' });
  });

  it('refuses a filter with such an offset as a 400', async () => {
    const response = await http()
      .get(`${insurance.base}/records`)
      .query({ filter: "last_paid_at gt '2026-01-01T00:00:00+16:00'" })
      .set(bearer(insurance.provider.token));
    expectProblem(response, 400);
  });

  it('rejects such a row of an import on its own line and imports the others', async () => {
    const good = person('440106', 31);
    const bad = person('440106', 32);
    const file = [
      JSON.stringify({ person_id: good, case_status: 'open', district: '440106' }),
      JSON.stringify({ person_id: bad, case_status: 'open', district: '440106', occurred_at: '2026-01-01T00:00:00+16:00' }),
    ].join('\n');
    const { finished, errors } = await importFile(cases, 'application/x-ndjson', `${file}\n`);
    expect(finished).toMatchObject({ state: 'completed', rowsCreated: 1, rowsRejected: 1 });
    expect(errors).toEqual([expect.objectContaining({ line: 2, field: 'occurred_at' })]);
  });

  it('accepts the edge offsets PostgreSQL does read, and compares them as instants', async () => {
    const key = person('440106', 33);
    const written = await putCase(cases, key, { occurred_at: '2026-01-01T00:00:00-15:59' });
    expect(written.status, written.text).toBe(201);
    const found = await http()
      .get(`${cases.base}/records`)
      .query({ filter: "occurred_at eq '2026-01-01T15:59:00Z'" })
      .set(bearer(provider.token));
    expect(found.status, found.text).toBe(200);
    expect(found.body.items.map((r: { key: string }) => r.key)).toEqual([key]);
  });
});

describe('what a consumer may learn', () => {
  it('refuses filters and sorts on items the consumer may not read, also in the past (asOf)', async () => {
    for (const params of [
      { filter: 'paid_months ge 100' },
      { filter: "district eq '440106'" },
      { filter: "employer_credit_code sw '9'" },
      { sort: 'paid_months' },
      { sort: '-last_paid_at' },
      { filter: 'paid_months ge 100', asOf: new Date().toISOString() },
      { filter: "insured_status eq 'paying'", items: 'insured_status', sort: 'paid_months' },
    ]) {
      const response = await http().get(`${insurance.base}/records`).query(params).set(bearer(reader.token));
      expectProblem(response, 403);
      expect(['item_not_granted', 'no_grant']).toContain(response.body.reason);
    }
  });

  it('refuses filters and sorts on items granted masked only', async () => {
    for (const params of [{ filter: `person_id eq '${caseA}'` }, { filter: 'amount ge 1' }, { sort: 'amount' }]) {
      const response = await http().get(`${cases.base}/records`).query(params).set(bearer(masked.token));
      expectProblem(response, 403);
      expect(response.body).toMatchObject({ reason: 'item_not_granted' });
    }
  });

  it('answers a consumer without a grant the same 403 whether or not the record exists', async () => {
    const missing = `${person('440106', 99)}~pension`;
    const existing = await http()
      .get(`${insurance.base}/records/${encodeURIComponent(insuranceKey)}`)
      .query({ items: 'paid_months' })
      .set(bearer(reader.token));
    const absent = await http()
      .get(`${insurance.base}/records/${encodeURIComponent(missing)}`)
      .query({ items: 'paid_months' })
      .set(bearer(reader.token));
    expectProblem(existing, 403);
    expectProblem(absent, 403);
    expect({ ...existing.body, requestId: '', instance: '' }).toEqual({ ...absent.body, requestId: '', instance: '' });
  });

  it('answers a record outside the row scope exactly like a missing one', async () => {
    const missing = `${person('440106', 98)}~pension`;
    const outside = await http()
      .get(`${insurance.base}/records/${encodeURIComponent(outsideKey)}`)
      .query({ items: 'paid_months' })
      .set(bearer(scoped.token));
    const absent = await http()
      .get(`${insurance.base}/records/${encodeURIComponent(missing)}`)
      .query({ items: 'paid_months' })
      .set(bearer(scoped.token));
    expectProblem(outside, 404);
    expectProblem(absent, 404);
    expect({ ...outside.body, requestId: '', instance: '' }).toEqual({ ...absent.body, requestId: '', instance: '' });
  });

  it('keeps batch and asOf reads inside the row scope, out-of-scope keys told apart from no missing one', async () => {
    const missing = `${person('440106', 97)}~pension`;
    for (const asOf of [undefined, new Date().toISOString()]) {
      const response = await http()
        .post(`${insurance.base}/records/batch`)
        .set(bearer(scoped.token))
        .send({ keys: [insuranceKey, outsideKey, missing], ...(asOf ? { asOf } : {}) });
      expect(response.status, response.text).toBe(200);
      expect(response.body.records.map((r: { key: string }) => r.key)).toEqual([insuranceKey]);
      expect([...response.body.notFound].sort()).toEqual([outsideKey, missing].sort());
      const past = await http()
        .get(`${insurance.base}/records`)
        .query({ filter: 'paid_months ge 0', ...(asOf ? { asOf } : {}) })
        .set(bearer(scoped.token));
      expect(past.status, past.text).toBe(200);
      expect(past.body.items.map((r: { key: string }) => r.key)).not.toContain(outsideKey);
    }
  });

  it('shows no conditional item in the history of a record outside the row scope', async () => {
    const response = await http()
      .get(`${insurance.base}/records/${encodeURIComponent(outsideKey)}/history`)
      .set(bearer(scoped.token));
    expect(response.status, response.text).toBe(200);
    for (const version of response.body.versions as Array<{ record: Record<string, unknown> }>) {
      expect(Object.keys(version.record)).not.toContain('paid_months');
      expect(Object.keys(version.record)).not.toContain('district');
      expect(Object.keys(version.record)).not.toContain('contribution_base');
    }
  });

  it('never returns ungranted items, masked values in the clear, or the status items', async () => {
    // Listing shows each record's key: with the key item granted masked only, there is no listing.
    const all = await http().get(`${cases.base}/records`).set(bearer(masked.token));
    expectProblem(all, 403);
    expect(all.body).toMatchObject({ reason: 'item_not_granted', items: ['person_id'] });
    const byKey = await http().get(`${cases.base}/records/${caseA}`).set(bearer(masked.token));
    expect(byKey.status, byKey.text).toBe(200);
    expect(Object.keys(byKey.body.record)).not.toContain('fine');
    expect(Object.keys(byKey.body.record)).not.toContain('record_status');
    expect(byKey.body.record.amount === undefined || byKey.body.record.amount === '***').toBe(true);
    expect(String(byKey.body.record.person_id)).toContain('*');
    const one = await http()
      .post(`${cases.base}/records/batch`)
      .set(bearer(masked.token))
      .send({ keys: [caseA] });
    expect(one.body.records[0].record.amount).toBe('***');
  });

  // Found by the security review (fixed): a record's key is returned in the clear whatever the grant says about its key items.
  // A consumer with no grant lists every record (unconditional items only) and gets each record's
  // key — here the person's 公民身份号码, a 有条件 item it may not read; a consumer granted it masked
  // gets the masked value in `record` and the clear one in `key`. Fix: in DatasetReadService.query
  // (libs/datasets/src/query/dataset-read.service.ts) refuse listing/filtering unless every key
  // item is readable in the clear (or withhold / mask `key` and the cursor's key accordingly);
  // alternatively require key items of datasets to be 无条件 at registration (definabilityViolations).
  it('does not reveal a conditional key item through the record key to a consumer without a grant', async () => {
    const response = await http().get(`${cases.base}/records`).set(bearer(reader.token));
    if (response.status === 200) {
      expect(response.text).not.toContain(caseA);
      expect(response.text).not.toContain(caseB);
    } else {
      expectProblem(response, 403);
    }
  });

  it('does not reveal a key item granted masked only through the record key', async () => {
    const response = await http().get(`${cases.base}/records`).set(bearer(masked.token));
    if (response.status === 200) {
      expect(response.text).not.toContain(caseA);
      expect(response.text).not.toContain(caseB);
    } else {
      expectProblem(response, 403);
    }
  });

  // Found by the security review (fixed): a dataset's items are all one attribute group, so the registry kit's rule "provenance
  // only of groups the reader sees" does not apply: history shows a consumer that may read the
  // unconditional items only every version — also those where only conditional items changed — with
  // the time and the provider's free-text reason (which here names the new conditional value). Fix:
  // in DatasetReadService.history, drop versions whose projection for the caller equals the next
  // older one's, and show `reason` (and `recordedBy`/`importId`) only to the provider or to callers
  // that may read every item.
  it('does not disclose changes of ungranted items, nor the provider’s reason for them, in history', async () => {
    const key = person('440106', 41);
    expect((await putCase(cases, key, { amount: 100 })).status).toBe(201);
    const changed = await putCase(cases, key, { amount: 777 }, { reason: '涉案金额更正为777元' });
    expect(changed.status, changed.text).toBe(200);
    const history = await http().get(`${cases.base}/records/${key}/history`).set(bearer(reader.token));
    expect(history.status, history.text).toBe(200);
    expect(history.text).not.toContain('777');
    expect(history.body.versions).toHaveLength(1);
  });

  // Found by the security review (low; fixed): for a dataset on a 不予共享 entry the schema and dataset routes answer 404 "no
  // dataset you may see", but the record routes answer 403 no_grant naming the catalog resource —
  // confirming it exists and telling its resource code. Fix: DatasetReadService.get/batch/query/
  // history should resolve through `visible()` (mayKnow) first, as schema() does.
  it('answers the record routes of a 不予共享 dataset like a dataset that does not exist', async () => {
    const hidden = await register(
      provider,
      'review-hidden',
      entryWith(caseItems(), { sharing: { type: 'none', methods: ['api'], legalBasis: '《中华人民共和国保守国家秘密法》' } }),
    );
    expect((await putCase(hidden, caseA, {})).status).toBe(201);
    const schema = await http().get(`${hidden.base}/schema`).set(bearer(reader.token));
    expectProblem(schema, 404, '/problems/dataset-not-found');
    expect((await http().get(`${hidden.base}/schema`).set(bearer(provider.token))).status).toBe(200);
    const view = await http().get(hidden.base).set(bearer(reader.token));
    expectProblem(view, 404, '/problems/dataset-not-found');
    const listed = await http().get(`/agencies/${provider.code}/datasets`).set(bearer(reader.token));
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.items.map((d: { code: string }) => d.code)).not.toContain('review-hidden');
    expect(listed.body.items.map((d: { code: string }) => d.code)).toContain('review-cases');
    for (const response of [
      await http().get(`${hidden.base}/records/${caseA}`).set(bearer(reader.token)),
      await http().get(`${hidden.base}/records`).set(bearer(reader.token)),
      await http()
        .post(`${hidden.base}/records/batch`)
        .set(bearer(reader.token))
        .send({ keys: [caseA] }),
      await http().get(`${hidden.base}/records/${caseA}/history`).set(bearer(reader.token)),
    ]) {
      expectProblem(response, 404, '/problems/dataset-not-found');
      expect(response.text).not.toContain(hidden.resource);
    }
  });

  it('serves the published schema only: a pending draft or submitted revision stays private', async () => {
    const drafting = await register(provider, 'review-drafting', entryWith(caseItems()));
    const secretItem = { code: 'informant_name', name: '举报人姓名', dataType: 'string', sharingType: 'conditional' };
    const drafted = await http()
      .put(`/catalog/resources/${drafting.resource}`)
      .set(bearer(provider.token))
      .send(entryWith([...caseItems(), secretItem], { name: '审查案件(草稿中的新版本)' }));
    expect(drafted.status, drafted.text).toBe(200);
    for (const step of ['draft', 'submitted']) {
      // (Listing its records needs the conditional key item granted: the reader has no grant.)
      for (const path of [`${drafting.base}/schema`, drafting.base]) {
        const response = await http().get(path).set(bearer(reader.token));
        expect(response.status, `${step} ${path}: ${response.text}`).toBe(200);
        expect(response.text, `${step} ${path}`).not.toContain('informant_name');
        expect(response.text, `${step} ${path}`).not.toContain('草稿中的新版本');
      }
      const refused = await http().get(`${drafting.base}/records`).query({ items: 'informant_name' }).set(bearer(reader.token));
      expectProblem(refused, 400);
      if (step === 'draft') {
        const submitted = await http().post(`/catalog/resources/${drafting.resource}/submit`).set(bearer(provider.token));
        expect(submitted.status, submitted.text).toBe(200);
      }
    }
  });

  it('does not repeat a refused value in the error', async () => {
    const secret = '絶密値-440106-SECRET-9876';
    const response = await http()
      .put(`${insurance.base}/records/${encodeURIComponent(insuranceKey)}`)
      .set(bearer(insurance.provider.token))
      .send({ record: { ...insuranceFirst, insured_name: secret.repeat(10), district: 'SECRET', paid_months: secret } });
    expectProblem(response, 400);
    expect(response.text).not.toContain('SECRET');
  });
});

describe('retired majors', () => {
  it('reads answer 403 resource_retired on every route; writes and imports 409 dataset-retired', async () => {
    const retiredSet = await register(provider, 'review-retired', entryWith(caseItems()));
    expect((await putCase(retiredSet, caseA, { amount: 3 })).status).toBe(201);
    const retire = await http()
      .post(`/catalog/resources/${retiredSet.resource}/retire`)
      .set(bearer(operator))
      .send({ reason: '审查停用' });
    expect(retire.status, retire.text).toBe(200);
    for (const token of [reader.token, provider.token]) {
      for (const response of [
        await http().get(`${retiredSet.base}/records/${caseA}`).set(bearer(token)),
        await http().get(`${retiredSet.base}/records/${caseA}`).query({ asOf: new Date().toISOString() }).set(bearer(token)),
        await http().get(`${retiredSet.base}/records`).set(bearer(token)),
        await http()
          .post(`${retiredSet.base}/records/batch`)
          .set(bearer(token))
          .send({ keys: [caseA] }),
        await http().get(`${retiredSet.base}/records/${caseA}/history`).set(bearer(token)),
      ]) {
        expectProblem(response, 403);
        expect(response.body).toMatchObject({ reason: 'resource_retired' });
      }
    }
    expectProblem(await putCase(retiredSet, caseA, { amount: 4 }), 409, '/problems/dataset-retired');
    expectProblem(
      await http().delete(`${retiredSet.base}/records/${caseA}`).query({ reason: 'x' }).set(bearer(provider.token)),
      409,
      '/problems/dataset-retired',
    );
    const { started } = await importFile(
      retiredSet,
      'application/x-ndjson',
      `${JSON.stringify({ person_id: caseB, case_status: 'open', district: '440106' })}\n`,
    );
    expectProblem(started, 409, '/problems/dataset-retired');
  });
});

describe('write integrity', () => {
  const casePath = () => `${cases.base}/records/${caseA}`;

  it('refuses writes, withdrawals and imports by a consumer and by another provider', async () => {
    for (const token of [reader.token, rival.token]) {
      const put = await http()
        .put(casePath())
        .set(bearer(token))
        .send({ record: { case_status: 'closed', district: '440106' } });
      expectProblem(put, 403);
      const withdraw = await http().delete(casePath()).query({ reason: '恶意撤回' }).set(bearer(token));
      expectProblem(withdraw, 403);
      const started = await http()
        .post(`${cases.base}/imports`)
        .set(bearer(token))
        .set('content-type', 'application/x-ndjson')
        .send(`${JSON.stringify({ person_id: caseA, case_status: 'closed', district: '440106' })}\n`);
      expectProblem(started, 403);
    }
    const still = await http().get(casePath()).set(bearer(provider.token));
    expect(still.body).toMatchObject({ status: 'active', record: { case_status: 'open' } });
  });

  it('does not show the provider’s imports to another agency', async () => {
    const { started } = await importFile(
      cases,
      'application/x-ndjson',
      `${JSON.stringify({ person_id: person('440106', 51), case_status: 'open', district: '440106' })}\n`,
    );
    const location = started.headers.location ?? '';
    expect(location).toContain('/imports/');
    expectProblem(await http().get(location).set(bearer(rival.token)), 404);
    expectProblem(await http().get(`${location}/errors`).set(bearer(rival.token)), 404);
    // The same import id under another dataset's path is not found either.
    expectProblem(await http().get(location.replace('review-cases', 'social-insurance')).set(bearer(provider.token)), 404);
  });

  it('refuses the platform’s own items and keys that disagree with the URL', async () => {
    const put = (key: string, record: Record<string, unknown>) =>
      http()
        .put(`${insurance.base}/records/${encodeURIComponent(key)}`)
        .set(bearer(insurance.provider.token))
        .send({ record });
    const status = await put(insuranceKey, { ...insuranceFirst, record_status: 'withdrawn' });
    expectProblem(status, 400);
    expect(status.body.errors[0]).toMatchObject({ field: 'record_status', rule: 'read_only' });
    const statusDate = await put(insuranceKey, { ...insuranceFirst, record_status_date: '2020-01-01' });
    expectProblem(statusDate, 400);
    const composed = await put(insuranceKey, { ...insuranceFirst, record_key: `${person('440104', 5)}~pension` });
    expectProblem(composed, 400);
    expect(composed.body.errors[0]).toMatchObject({ field: 'record_key', rule: 'read_only' });
    const mismatch = await put(insuranceKey, { ...insuranceFirst, citizen_id: person('440104', 5) });
    expectProblem(mismatch, 400);
    expect(mismatch.body.errors[0]).toMatchObject({ field: 'citizen_id', rule: 'key_mismatch' });
    for (const value of [{ toString: 'x' }, null, Number(insuranceFirst.citizen_id), true]) {
      expectProblem(await put(insuranceKey, { ...insuranceFirst, citizen_id: value }), 400);
    }
    expectProblem(await put(`${insuranceKey}~medical`, insuranceFirst), 400);
    expectProblem(await put(`${insuranceKey}~`, insuranceFirst), 400);
    const after = await http()
      .get(`${insurance.base}/records/${encodeURIComponent(insuranceKey)}`)
      .set(bearer(insurance.provider.token));
    expect(after.body.status).toBe('active');
    expect(after.body.record.citizen_id).toBe(insuranceFirst.citizen_id);
  });

  // Found by the security review (low; fixed): key items sent in the body are compared with the URL key after String()
  // coercion, so a key item sent as a JSON array (["440106198503120314"]) "agrees" with the key and
  // the write is accepted although the value is not of the item's type. Fix: checkRecordItems /
  // checkKeyItems (libs/datasets/src/records/dataset-write.service.ts) should check the value with
  // checkItemValue (a string, or a safe integer for integer parts) before comparing it.
  it('refuses a key item sent as an array, even one whose text matches the key', async () => {
    const response = await http()
      .put(`${insurance.base}/records/${encodeURIComponent(insuranceKey)}`)
      .set(bearer(insurance.provider.token))
      .send({ record: { ...insuranceFirst, citizen_id: [insuranceFirst.citizen_id] } });
    expectProblem(response, 400);
  });

  it('refuses values that would break storage or exports, naming the item', async () => {
    const cases400: Array<[string, Record<string, unknown>]> = [
      ['control character', { note: 'a\u0007b' }],
      ['form feed', { note: 'a\fb' }],
      ['non-character', { note: 'a\uffffb' }],
      ['NUL', { note: 'a\u0000b' }],
      ['integer as text', { amount: '12' }],
      ['fractional integer', { amount: 1.5 }],
      ['unsafe integer', { amount: 2 ** 53 }],
      ['decimal with exponent', { fine: '1e5' }],
      ['decimal number in exponent form', { fine: 1e21 }],
      ['decimal with too many digits', { fine: '1234567890123456789' }],
      ['decimal with 7 fraction digits', { fine: '0.1234567' }],
      ['date-time without offset', { occurred_at: '2026-01-01T08:00:00' }],
      ['date-time on Feb 30', { occurred_at: '2026-02-30T08:00:00+08:00' }],
      ['date-time at hour 25', { occurred_at: '2026-01-01T25:00:00+08:00' }],
      ['date only', { occurred_at: '2026-01-01' }],
      ['enum outside the list', { case_status: 'OPEN' }],
      ['division code that does not exist', { district: '449999' }],
      ['unknown item', { shoe_size: 42 }],
      ['object for a string', { note: { $gt: '' } }],
      ['array for a string', { note: ['a'] }],
    ];
    for (const [what, values] of cases400) {
      const response = await putCase(cases, caseA, values);
      expectProblem(response, 400);
      expect(response.body.errors?.length, what).toBeGreaterThan(0);
    }
    const after = await http().get(`${cases.base}/records/${caseA}`).set(bearer(provider.token));
    expect(after.body.record).toMatchObject({ amount: 5, note: 'alpha', case_status: 'open' });
  });

  it('stores -0 as 0 and decimals as exact text', async () => {
    const key = person('440106', 52);
    const written = await http()
      .put(`${cases.base}/records/${key}`)
      .set(bearer(provider.token))
      .set('content-type', 'application/json')
      .send('{"record":{"case_status":"open","district":"440106","amount":-0,"fine":"-0.000001"}}');
    expect(written.status, written.text).toBe(201);
    const read = await http().get(`${cases.base}/records/${key}`).set(bearer(provider.token));
    expect(read.body.record).toMatchObject({ amount: 0, fine: '-0.000001' });
    const found = await http().get(`${cases.base}/records`).query({ filter: 'amount eq 0' }).set(bearer(provider.token));
    expect(found.body.items.map((r: { key: string }) => r.key)).toContain(key);
  });

  // Found by the security review (fixed): a decimal sent as a JSON number with more significant digits than a double holds is
  // rounded by JSON.parse before any check, then stored as the rounded text: the provider sent
  // 123456789012345678 and the dataset says 123456789012345680 — silently, for an item the README
  // promises is "kept as text". Fix: checkItemValue (libs/registries/src/kit/item-values.ts) should
  // refuse decimal JSON numbers with more than 15 significant digits (ask for a string).
  it('never stores a decimal other than the one sent', async () => {
    const key = person('440106', 53);
    const written = await http()
      .put(`${cases.base}/records/${key}`)
      .set(bearer(provider.token))
      .set('content-type', 'application/json')
      .send('{"record":{"case_status":"open","district":"440106","fine":123456789012345678}}');
    if (written.status === 201) {
      const read = await http().get(`${cases.base}/records/${key}`).set(bearer(provider.token));
      expect(read.body.record.fine).toBe('123456789012345678');
    } else {
      expectProblem(written, 400);
    }
  });

  // Found by the security review (fixed): an indexed text item without maxLength takes any length, but its btree index entry
  // ((item, key) on the partition) is limited to ~2 700 bytes: a longer value makes the INSERT fail
  // and the PUT answer 500 (an import batch with such a row fails as a whole). Fix: refuse indexed
  // (and unique) text items without a maxLength at registration/revision, or check the UTF-8 size of
  // indexed values in the write path (dataset-definition.ts / record-change.ts) and answer 400.
  it('refuses an indexed value too large for its index as a 400, not a 500', async () => {
    const long = Array.from({ length: 1500 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000))).join('');
    const response = await putCase(cases, caseA, { note: long });
    expectProblem(response, 400);
  });

  // Found by the security review (fixed): the same for the record key: the URL key may be 1 000 characters, i.e. up to 4 000
  // bytes of UTF-8, past the primary key's btree limit — PUT answers 500. Fix: bound keys by UTF-8
  // bytes (e.g. 1 000 bytes) in RecordParams/BatchDto and in normalizeKey for import rows.
  it('refuses a record key too large for the primary key index as a 400, not a 500', async () => {
    const longKeys = await register(
      provider,
      'review-long-keys',
      entryWith([
        { code: 'code', name: '编号', dataType: 'string', sharingType: 'unconditional', key: true, maxLength: 500 },
        { code: 'district', name: '行政区划', dataType: 'division_code', sharingType: 'conditional', required: true },
      ]),
    );
    const key = Array.from({ length: 1000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000))).join('');
    const response = await http()
      .put(`${longKeys.base}/records/${encodeURIComponent(key)}`)
      .set(bearer(provider.token))
      .send({ record: { district: '440106' } });
    expectProblem(response, 400);
  });

  it('keeps unique items unique: within one import and under concurrent writes', async () => {
    const [one, two, three, four] = [61, 62, 63, 64].map((sequence) => person('440106', sequence));
    const file = [
      JSON.stringify({ person_id: one, case_status: 'open', district: '440106', ref_no: 'DUP-1' }),
      JSON.stringify({ person_id: two, case_status: 'open', district: '440106', ref_no: 'DUP-1' }),
      JSON.stringify({ person_id: three, case_status: 'open', district: '440106', ref_no: 'R-A' }),
    ].join('\n');
    const { finished, errors } = await importFile(cases, 'application/x-ndjson', `${file}\n`);
    expect(finished).toMatchObject({ state: 'completed', rowsCreated: 1, rowsRejected: 2 });
    expect(errors.map((e) => `${String(e.line)}:${String(e.field)}:${String(e.rule)}`).sort()).toEqual([
      '2:ref_no:unique',
      '3:ref_no:unique',
    ]);
    const raced = await Promise.all([three, four].map((key) => putCase(cases, key ?? '', { ref_no: 'RACE-1' })));
    const statuses = raced.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    for (const response of raced.filter((r) => r.status !== 201)) expectProblem(response, [400, 409]);
    const holders = await http()
      .post(`${cases.base}/records/batch`)
      .set(bearer(provider.token))
      .send({ keys: [three, four] });
    expect(holders.body.records.filter((r: { record: { ref_no?: string } }) => r.record.ref_no === 'RACE-1')).toHaveLength(1);
  });

  it('turns If-Match garbage and bad bodies into 4xx problems', async () => {
    const path = `${cases.base}/records/${caseA}`;
    const send = (body: string, headers: Record<string, string> = {}) =>
      http()
        .put(path)
        .set(bearer(provider.token))
        .set({ 'content-type': 'application/json', ...headers })
        .send(body);
    const valid = JSON.stringify({
      record: { case_status: 'open', district: '440106', amount: 5, ref_no: 'R-A', note: 'alpha' },
    });
    expectClientError(await send(valid, { 'if-match': 'garbage' }));
    expectClientError(await send(valid, { 'if-match': '"999"' }));
    expectClientError(await send('{"record":'));
    expectClientError(await send('{"record":[1,2]}'));
    expectClientError(await send('{"record":"x"}'));
    expectClientError(await send('{}'));
    expectClientError(await send('{"record":{"__proto__":{"polluted":true}}}'));
    expectClientError(await send(`{"record":{"note":${'['.repeat(100)}${']'.repeat(100)}}}`));
    expectClientError(await send(JSON.stringify({ record: {}, reason: 'x'.repeat(2001) })));
    expectClientError(await send(JSON.stringify({ record: {}, sourceTime: '2026-02-30T00:00:00Z' })));
    expectClientError(await http().put(path).set(bearer(provider.token)).set('content-type', 'text/plain').send('record=1'));
    expectClientError(await http().delete(path).set(bearer(provider.token)));
    expectClientError(
      await http()
        .delete(`${cases.base}/records/${person('440106', 96)}`)
        .query({ reason: 'x' })
        .set(bearer(provider.token)),
    );
  });
});

describe('imports with bad rows', () => {
  it('reports every bad NDJSON row on its line and imports the good ones', async () => {
    const [good1, good2] = [71, 72].map((sequence) => person('440106', sequence));
    const row = (values: Record<string, unknown>) =>
      JSON.stringify({ person_id: person('440106', 73), case_status: 'open', district: '440106', ...values });
    const lines = [
      JSON.stringify({ person_id: good1, case_status: 'open', district: '440106' }),
      '{not json',
      '[1,2,3]',
      row({ shoe_size: 42 }),
      row({ record_status: 'withdrawn' }),
      row({ record_status_date: '2020-01-01' }),
      row({ case_status: 'dormant' }),
      row({ note: 'bell\u0007' }),
      row({ note: 'x' }).replace('"x"', '"\\ud800"'),
      row({ amount: 1 }).replace('"amount":1', '"amount":1e400'),
      row({ occurred_at: '2026-02-30T00:00:00+08:00' }),
      JSON.stringify({ person_id: '44010619800101001/', case_status: 'open', district: '440106' }),
      JSON.stringify({ case_status: 'open', district: '440106' }),
      '"just a string"',
      JSON.stringify({ person_id: good2, case_status: 'open', district: '440106' }),
    ];
    const { started, finished, errors } = await importFile(cases, 'application/x-ndjson', `\uFEFF${lines.join('\n')}\n`);
    expect(started.status, started.text).toBe(202);
    expect(finished).toMatchObject({ state: 'completed', rowsCreated: 2, rowsRejected: lines.length - 2 });
    expect([...new Set(errors.map((e) => e.line))].sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: lines.length - 2 }, (_, i) => i + 2),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 5, field: 'record_status', rule: 'read_only' }),
        expect.objectContaining({ line: 7, field: 'case_status', rule: 'enum' }),
      ]),
    );
  });

  it('reports every bad CSV row on its line and imports the good ones', async () => {
    const [good1, good2, other] = [81, 82, 83].map((sequence) => person('440106', sequence));
    const csv = [
      'person_id,case_status,district,note',
      `${good1},open,440106,"quoted, with comma and ""quotes"""`,
      `${other},open`,
      `${other},dormant,440106,x`,
      `${other},open,440106,"bell\u0007"`,
      `${other},open,449999,x`,
      `${other},open,440106,x,extra`,
      `${good2},open,440106,"=cmd|' /C calc'!A0"`,
      `${other},open,440106,"never closed`,
    ].join('\r\n');
    const { started, finished, errors } = await importFile(cases, 'text/csv', `${csv}\r\n`);
    expect(started.status, started.text).toBe(202);
    expect(finished).toMatchObject({ state: 'completed', rowsCreated: 2 });
    expect(Number(finished?.rowsRejected)).toBeGreaterThanOrEqual(5);
    expect(errors.length).toBeGreaterThanOrEqual(5);
    const formula = await http().get(`${cases.base}/records/${good2}`).set(bearer(provider.token));
    expect(formula.body.record.note).toBe("=cmd|' /C calc'!A0");
  });

  it('refuses the composed key column and key parts holding ~ or / in import rows', async () => {
    const base = { insured_name: '测试', insured_status: 'paying', insured_since: '2020-01-01', district: '440106' };
    const id = person('440106', 85);
    const lines = [
      JSON.stringify({ ...base, citizen_id: id, insurance_type: 'pension', record_key: `${id}~medical` }),
      JSON.stringify({ ...base, record_key: `${id}~pension` }),
      JSON.stringify({ ...base, citizen_id: `${id}~x`, insurance_type: 'pension' }),
      JSON.stringify({ ...base, citizen_id: id, insurance_type: 'pension~medical' }),
      JSON.stringify({ ...base, citizen_id: id, insurance_type: 'pension/..' }),
      JSON.stringify({ ...base, citizen_id: id, insurance_type: 'maternity', record_status: 'withdrawn' }),
      JSON.stringify({ ...base, citizen_id: id, insurance_type: 'medical' }),
    ];
    const { finished, errors } = await importFile(
      { resource: insurance.resource, base: insurance.base },
      'application/x-ndjson',
      `${lines.join('\n')}\n`,
      insurance.provider.token,
    );
    expect(finished).toMatchObject({ state: 'completed', rowsCreated: 1, rowsRejected: 6 });
    expect([...new Set(errors.map((e) => e.line))].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const created = await http()
      .post(`${insurance.base}/records/batch`)
      .set(bearer(insurance.provider.token))
      .send({ keys: [`${id}~medical`, `${id}~pension`, `${id}~maternity`] });
    expect(created.body.records.map((r: { key: string }) => r.key)).toEqual([`${id}~medical`]);
  });

  it('reports the platform’s columns in a CSV as per-row errors', async () => {
    const csv = ['person_id,case_status,district,record_status', `${person('440106', 84)},open,440106,withdrawn`].join('\n');
    const { finished, errors } = await importFile(cases, 'text/csv', `${csv}\n`);
    expect(finished).toMatchObject({ state: 'completed', rowsCreated: 0, rowsRejected: 1 });
    expect(errors[0]).toMatchObject({ line: 2, field: 'record_status', rule: 'read_only' });
  });

  it('refuses unusable files up front with a 4xx problem', async () => {
    const send = (contentType: string, body: string | Buffer) =>
      http().post(`${cases.base}/imports`).set(bearer(provider.token)).set('content-type', contentType).send(body);
    expectProblem(await send('text/csv', 'shoe_size,person_id\n1,2\n'), 400);
    expectProblem(await send('text/csv', 'case_status,district\nopen,440106\n'), 400);
    expectProblem(await send('text/csv', 'person_id,person_id\n1,2\n'), 400);
    expectProblem(await send('text/csv', ''), 400);
    expectClientError(await send('text/csv; charset=gbk', 'person_id\n1\n'));
    expectClientError(await send('application/x-ndjson', Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a])));
    expectClientError(await send('application/json', '{}'));
    expectClientError(await send('application/geo+json', '{"type":"FeatureCollection","features":[]}'));
    expectClientError(await send('application/xml', '<x/>'));
  });

  // Found by the security review (fixed): a row whose value is deeply nested JSON (JSON.parse takes any depth; the PUT route's
  // input guard stops at 32 levels, imports have no guard) overflows the stack in the recursive
  // text checks (hasUnstorableText / hasNonXmlCharacter via checkItemValue): the RangeError escapes
  // the row, the whole import ends "failed … internal error", and the good rows of the batch are
  // lost. Fix: bound the depth of NDJSON rows in ndjsonRows (libs/registries/src/imports/row-source.ts)
  // and reject deeper ones as a per-row error; make someText iterative.
  it('rejects a deeply nested row on its own line and imports the others', async () => {
    const [good1, good2, deep] = [91, 92, 93].map((sequence) => person('440106', sequence));
    const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const lines = [
      JSON.stringify({ person_id: good1, case_status: 'open', district: '440106' }),
      `{"person_id":"${deep}","case_status":"open","district":"440106","note":${nested}}`,
      JSON.stringify({ person_id: good2, case_status: 'open', district: '440106' }),
    ];
    const { finished, errors } = await importFile(cases, 'application/x-ndjson', `${lines.join('\n')}\n`);
    expect(finished).toMatchObject({ state: 'completed', rowsCreated: 2, rowsRejected: 1 });
    expect(errors).toEqual([expect.objectContaining({ line: 2 })]);
  });
});

describe('registration', () => {
  it('refuses registrations an agency may not make', async () => {
    const post = (agency: string, token: string, body: object) =>
      http().post(`/agencies/${agency}/datasets`).set(bearer(token)).send(body);
    // Another agency's entry, under its own name and under the owner's.
    expectProblem(await post(rival.code, rival.token, { code: 'stolen', resourceCode: cases.resource }), 422);
    expectProblem(await post(provider.code, rival.token, { code: 'stolen', resourceCode: cases.resource }), 403);
    // An operator cannot bind one agency's entry to another agency either.
    expectProblem(await post(rival.code, operator, { code: 'stolen', resourceCode: cases.resource }), 422);
    // A consumer without catalog rights over the agency.
    expectProblem(await post(provider.code, reader.token, { code: 'stolen', resourceCode: cases.resource }), 403);
    // A draft entry.
    const drafted = await http().post('/catalog/resources').set(bearer(provider.token)).send(entryWith(caseItems()));
    expect(drafted.status, drafted.text).toBe(201);
    const draft = await post(provider.code, provider.token, { code: 'from-draft', resourceCode: drafted.body.code });
    expectProblem(draft, 422, '/problems/dataset-not-definable');
    expect(draft.body.errors[0]).toMatchObject({ rule: 'published' });
    // A submitted (not yet published) entry.
    await http()
      .post(`/catalog/resources/${String(drafted.body.code)}/submit`)
      .set(bearer(provider.token));
    expectProblem(await post(provider.code, provider.token, { code: 'from-submitted', resourceCode: drafted.body.code }), 422);
    // The same code twice, and the same entry under a second code.
    expectProblem(await post(provider.code, provider.token, { code: 'review-cases', resourceCode: cases.resource }), 409);
    expectProblem(await post(provider.code, provider.token, { code: 'review-cases-2', resourceCode: cases.resource }), 409);
    // An entry that does not exist, and malformed input.
    expectProblem(await post(provider.code, provider.token, { code: 'ghost', resourceCode: '203001/999999' }), 422);
    for (const body of [
      { code: 'Bad_Code', resourceCode: cases.resource },
      { code: 'ok-code', resourceCode: "203001/000001' OR '1'='1" },
      { code: 'ok-code' },
      { code: 'x', resourceCode: cases.resource },
      { code: ['review-cases'], resourceCode: cases.resource },
    ]) {
      expectProblem(await post(provider.code, provider.token, body), 400);
    }
    // A retired entry.
    const retiring = await publishEntry(gateway(), provider.token, operator, entryWith(caseItems()));
    await http().post(`/catalog/resources/${retiring}/retire`).set(bearer(operator)).send({ reason: '停用' });
    expectProblem(await post(provider.code, provider.token, { code: 'from-retired', resourceCode: retiring }), 422);
  });

  it('refuses new majors on bound entries, other agencies’ entries, and by other agencies', async () => {
    const versions = (token: string, body: object, base = cases.base) =>
      http().post(`${base}/versions`).set(bearer(token)).send(body);
    expectProblem(await versions(provider.token, { resourceCode: cases.resource }), 409, '/problems/dataset-exists');
    expectProblem(await versions(provider.token, { resourceCode: insurance.resource }), 422);
    const rivalEntry = await publishEntry(gateway(), rival.token, operator, entryWith(caseItems()));
    expectProblem(await versions(provider.token, { resourceCode: rivalEntry }), 422);
    expectProblem(await versions(rival.token, { resourceCode: rivalEntry }), 403);
    expectProblem(
      await versions(provider.token, { resourceCode: rivalEntry }, `/agencies/${provider.code}/datasets/no-such-dataset`),
      404,
    );
    const view = await http().get(cases.base).set(bearer(provider.token));
    expect(view.body.majors.map((m: { major: number }) => m.major)).toEqual([1]);
  });

  // Found by the security review (fixed): two registrations racing for the same code (or the same entry) both pass the
  // "already registered?" checks; the loser's INSERT hits the datasets primary key / resource_code
  // unique constraint and the gateway answers 500. Fix: in DatasetRegistrationService.create
  // (libs/datasets/src/registration/dataset-registration.service.ts) map unique violations (23505)
  // to 409 dataset-exists — or take an advisory lock on (agency, code) / the resource code.
  it('answers concurrent registrations of one dataset with one 201 and 409s, never a 500', async () => {
    const resource = await publishEntry(gateway(), provider.token, operator, entryWith(caseItems()));
    const answers = await Promise.all(
      ['review-race', 'review-race', 'review-race-b'].map((code) =>
        http().post(`/agencies/${provider.code}/datasets`).set(bearer(provider.token)).send({ code, resourceCode: resource }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 201)) expectProblem(answer, 409, '/problems/dataset-exists');
  });

  // Found by the security review (fixed): wantedIndexes (libs/datasets/src/registration/dataset-indexes.ts) calls itemSql(item)
  // for every item before looking at `indexed`/`unique`, and itemSql throws for object and geometry
  // items: registering any entry with such an item answers 500 — after the registration transaction
  // committed, so the dataset half-exists (a retry answers 409) and its indexes are never marked
  // built (every filter answers 503 forever). The seeded 食品安全溯源 and 重点污染源在线监测 datasets
  // hit it (dataset-schemas.e2e.test.ts fails too). Fix: compute the expression only for indexed or
  // unique items, and refuse `indexed`/`unique` on object/geometry items in definabilityViolations.
  it('registers an entry with an object item, and filters on its indexed items at once', async () => {
    const items = [...caseItems(), { code: 'route', name: '流转记录', dataType: 'object', sharingType: 'unconditional' }];
    const { base, registered } = await publishAndRegister(provider, 'review-objects', entryWith(items));
    expect(registered.status, registered.text).toBe(201);
    const filtered = await http().get(`${base}/records`).query({ filter: "case_status eq 'open'" }).set(bearer(provider.token));
    expect(filtered.status, filtered.text).toBe(200);
  });

  it('refuses a breaking change an operator slips into a submitted draft, at publication', async () => {
    const evolving = await register(provider, 'review-operator-edit', entryWith(caseItems()));
    expect((await putCase(evolving, caseA, { amount: 1 })).status).toBe(201);
    const compatible = [...caseItems(), { code: 'extra', name: '附加', dataType: 'string', sharingType: 'unconditional' }];
    const drafted = await http()
      .put(`/catalog/resources/${evolving.resource}`)
      .set(bearer(provider.token))
      .send(entryWith(compatible));
    expect(drafted.status, drafted.text).toBe(200);
    const submitted = await http().post(`/catalog/resources/${evolving.resource}/submit`).set(bearer(provider.token));
    expect(submitted.status, submitted.text).toBe(200);
    const breaking = compatible
      .filter((item) => item.code !== 'note')
      .map((item) => (item.code === 'amount' ? { ...item, dataType: 'string' } : item));
    const edited = await http().put(`/catalog/resources/${evolving.resource}`).set(bearer(operator)).send(entryWith(breaking));
    expect(edited.status, edited.text).toBe(200);
    const published = await http().post(`/catalog/resources/${evolving.resource}/publish`).set(bearer(operator));
    expectProblem(published, 409, '/problems/breaking-schema-change');
    const still = await http().get(`${evolving.base}/records/${caseA}`).set(bearer(provider.token));
    expect(still.body.record).toMatchObject({ amount: 1 });
  });

  // Found by the security review (fixed): the evolution guard compares items by code only; reordering the key items of a
  // composed key is accepted as compatible — yet the key's parts follow catalog order, so every
  // stored key stops parsing (GET of an existing record answers 400) and new writes create the same
  // record again under the swapped key. Fix: breakingChanges (libs/datasets/src/schema/
  // schema-evolution.ts) must report a change of the key items' order ('key_order_changed').
  it('treats reordering the parts of a composed key as a breaking change', async () => {
    const composedItems = (): Item[] => [
      { code: 'person_id', name: '身份号码', dataType: 'citizen_id', sharingType: 'unconditional', key: true, indexed: true },
      {
        code: 'kind',
        name: '类别',
        dataType: 'enum',
        sharingType: 'unconditional',
        key: true,
        enumValues: ['a', 'b'],
      },
      { code: 'district', name: '行政区划', dataType: 'division_code', sharingType: 'conditional', required: true },
    ];
    const composed = await register(provider, 'review-composed', entryWith(composedItems()));
    const key = `${caseA}~a`;
    const written = await http()
      .put(`${composed.base}/records/${key}`)
      .set(bearer(provider.token))
      .send({ record: { district: '440106' } });
    expect(written.status, written.text).toBe(201);
    const [first, second, ...rest] = composedItems();
    const swapped = [second, first, ...rest].filter((item): item is Item => item !== undefined);
    const drafted = await http()
      .put(`/catalog/resources/${composed.resource}`)
      .set(bearer(provider.token))
      .send(entryWith(swapped));
    expect(drafted.status, drafted.text).toBe(200);
    const submitted = await http().post(`/catalog/resources/${composed.resource}/submit`).set(bearer(provider.token));
    expectProblem(submitted, 409, '/problems/breaking-schema-change');
    if (submitted.status === 200) await http().post(`/catalog/resources/${composed.resource}/publish`).set(bearer(operator));
    const read = await http().get(`${composed.base}/records/${key}`).set(bearer(provider.token));
    expect(read.status, read.text).toBe(200);
  });

  // Found by the security review (fixed): integer → decimal is accepted as a widening, but an indexed item keeps the index built
  // on `(item)::bigint` (the item counts as indexed already, so no numeric index is built): the first
  // fractional value makes the INSERT fail — PUT answers 500 — and filters on the item run without
  // an index. Fix: refuse the widening for indexed/unique items in schema-evolution.ts, or have
  // DatasetIndexes key its "built" marker by item code *and* SQL type and rebuild on a type change.
  // Either is correct here: the widening is refused at submission, or the widened item takes decimals.
  it('keeps an indexed integer item writable after it is widened to decimal (or refuses the widening)', async () => {
    const widening = await register(provider, 'review-widening', entryWith(caseItems()));
    expect((await putCase(widening, caseA, { amount: 7 })).status).toBe(201);
    const widened = caseItems().map((item) => (item.code === 'amount' ? { ...item, dataType: 'decimal' } : item));
    const drafted = await http()
      .put(`/catalog/resources/${widening.resource}`)
      .set(bearer(provider.token))
      .send(entryWith(widened));
    expect(drafted.status, drafted.text).toBe(200);
    const submitted = await http().post(`/catalog/resources/${widening.resource}/submit`).set(bearer(provider.token));
    if (submitted.status !== 200) {
      expectProblem(submitted, 409, '/problems/breaking-schema-change');
      expect(submitted.body.errors).toEqual([expect.objectContaining({ field: 'items.amount' })]);
      return;
    }
    const published = await http().post(`/catalog/resources/${widening.resource}/publish`).set(bearer(operator));
    expect(published.status, published.text).toBe(200);
    const written = await putCase(widening, caseB, { district: '440104', amount: '12.5' });
    expect(written.status, written.text).toBe(201);
    const found = await http().get(`${widening.base}/records`).query({ filter: 'amount gt 12' }).set(bearer(provider.token));
    expect(found.status, found.text).toBe(200);
    expect(found.body.items.map((r: { key: string }) => r.key)).toEqual([caseB]);
  });
});

describe('robustness', () => {
  // Found by the security review (fixed): item patterns come from the catalog and are run with JavaScript's backtracking RegExp
  // on every write; a pattern with nested quantifiers (^(a+)+$, accepted by the catalog) takes
  // exponential time on a near-miss value and blocks the gateway's event loop — ~1.5 s for 25
  // characters here, minutes for 40 — for every client. Fix: refuse such patterns when an entry is
  // drafted (libs/catalog/src/resources/resource-rules.ts, e.g. with a safe-regex check) or run
  // patterns with a linear-time engine (RE2) in checkString (libs/registries/src/kit/item-values.ts).
  it('refuses a pathological item pattern when the entry is drafted, and checks safe patterns promptly', async () => {
    const drafted = await http()
      .post('/catalog/resources')
      .set(bearer(provider.token))
      .send(
        entryWith([
          {
            code: 'code',
            name: '编号',
            dataType: 'string',
            sharingType: 'unconditional',
            key: true,
            maxLength: 50,
            pattern: '^(a+)+$',
          },
          { code: 'district', name: '行政区划', dataType: 'division_code', sharingType: 'conditional', required: true },
        ]),
      );
    expectProblem(drafted, 400);
    expect(drafted.body.errors).toEqual([expect.objectContaining({ field: 'items[0].pattern', rule: 'regexp_unsafe' })]);
    const safe = await register(
      provider,
      'review-patterns',
      entryWith([
        {
          code: 'code',
          name: '编号',
          dataType: 'string',
          sharingType: 'unconditional',
          key: true,
          maxLength: 50,
          pattern: '^a+$',
        },
        { code: 'district', name: '行政区划', dataType: 'division_code', sharingType: 'conditional', required: true },
      ]),
    );
    const started = Date.now();
    const response = await http()
      .put(`${safe.base}/records/${'a'.repeat(40)}!`)
      .set(bearer(provider.token))
      .send({ record: { district: '440106' } });
    const elapsed = Date.now() - started;
    expectProblem(response, 400);
    expect(elapsed).toBeLessThan(2_000);
  });

  // Found by the security review (fixed): a JSON body that parses to something RFC 8785 cannot canonicalise — a lone UTF-16
  // surrogate (\ud800 is valid JSON) or a number that overflows to Infinity (1e400) — makes the
  // audit recorder's canonicalize() throw: the audit entry is not written and the answer is 503
  // "could not be recorded in the audit log" (logged as an audit failure) instead of the 400 the
  // value checks give. Any client can raise audit-failure errors at will. Fix: refuse such bodies
  // in InputShapeGuard (libs/platform/src/http/input-shape.guard.ts) as it refuses NUL, or make
  // requestDigestOf (libs/audit/src/recording/entry-parts.ts) digest the raw body when
  // canonicalisation fails.
  it('answers a lone surrogate or 1e400 in a body with a 400, not an audit failure (503)', async () => {
    const put = await http()
      .put(`${cases.base}/records/${caseA}`)
      .set(bearer(provider.token))
      .set('content-type', 'application/json')
      .send('{"record":{"case_status":"open","district":"440106","note":"a\\ud800b"}}');
    expectProblem(put, 400);
    const batch = await http()
      .post(`${cases.base}/records/batch`)
      .set(bearer(reader.token))
      .set('content-type', 'application/json')
      .send('{"keys":["\\udc00"]}');
    expectProblem(batch, 400);
    const huge = await http()
      .put(`${cases.base}/records/${caseA}`)
      .set(bearer(provider.token))
      .set('content-type', 'application/json')
      .send('{"record":{"case_status":"open","district":"440106","amount":1e400}}');
    expectProblem(huge, 400);
    const after = await http().get(`${cases.base}/records/${caseA}`).set(bearer(provider.token));
    expect(after.body.record).toMatchObject({ amount: 5, note: 'alpha' });
  });

  it('answers unknown routes, methods and datasets as problems', async () => {
    expectProblem(await http().get(`${insurance.base}/nothing`).set(bearer(reader.token)), 404);
    expectClientError(
      await http()
        .patch(`${insurance.base}/records/${encodeURIComponent(insuranceKey)}`)
        .set(bearer(reader.token)),
    );
    expectProblem(
      await http().get(`/agencies/${provider.code}/datasets/no-such-dataset/records`).set(bearer(reader.token)),
      404,
      '/problems/dataset-not-found',
    );
    expectProblem(await http().get(`${insurance.base}/records`), 401);
    expectProblem(await http().get(`${insurance.base}/records`).set('authorization', 'Bearer x.y.z'), 401);
    expectProblem(await http().get(`${insurance.base}/schema?version=abc`).set(bearer(reader.token)), 400);
    expectProblem(await http().get(`${insurance.base}/schema?version=7`).set(bearer(reader.token)), 404);
    expectProblem(await http().get(`${insurance.base}/imports/not-a-uuid`).set(bearer(insurance.provider.token)), 400);
    expectProblem(
      await http().get(`${insurance.base}/imports/00000000-0000-4000-8000-000000000000`).set(bearer(insurance.provider.token)),
      404,
    );
  });
});
