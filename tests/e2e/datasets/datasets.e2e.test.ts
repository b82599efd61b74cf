import { DataSource } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SOCIAL_INSURANCE } from '../../../seeds/datasets';
import { publishSeedDataset, putSeedRecords, keyOf, type PublishedDataset } from '../../support/dataset-fixtures';
import { accessToken, bearer, createOperator } from '../../support/identity-fixtures';
import { awaitImport, consumer, grant } from '../../support/registry-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();
const seed = SOCIAL_INSURANCE;

let operator: string;
let insurance: PublishedDataset;
let reader: { token: string };

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  insurance = await publishSeedDataset(gateway(), operator, seed);
  await putSeedRecords(gateway(), seed, insurance);
  reader = await consumer(gateway(), operator);
});

const first = seed.records[0] ?? {};
const firstKey = keyOf(seed, first);

describe('registering a dataset', () => {
  it('turns the catalog entry into a dataset with its indexes built', async () => {
    const response = await gateway().http().get(insurance.base).set(bearer(reader.token));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.majors).toHaveLength(1);
    expect(response.body.majors[0]).toMatchObject({ major: 1, resourceCode: insurance.resource, status: 'published' });
    expect(response.body.majors[0].indexed).toContain('paid_months');
    expect(response.body.majors[0].indexesBuilding).toEqual([]);
  });
});

describe('publishing records', () => {
  it('refuses a record that breaks the schema, naming each item and rule', async () => {
    const response = await gateway()
      .http()
      .put(`${insurance.base}/records/${encodeURIComponent(firstKey)}`)
      .set(bearer(insurance.provider.token))
      .send({
        record: {
          ...first,
          insured_status: 'on_holiday',
          paid_months: 12.5,
          district: '449999',
          insured_name: 'x'.repeat(51),
          shoe_size: 42,
        },
      });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    const rules = Object.fromEntries(
      (response.body.errors as Array<{ field: string; rule: string }>).map((e) => [e.field, e.rule]),
    );
    expect(rules).toMatchObject({
      insured_status: 'enum',
      paid_months: 'integer',
      insured_name: 'max_length',
      shoe_size: 'unknown_item',
    });
    expect(Object.keys(rules)).toContain('district');
  });

  it('lets consumers read the unconditional items only, until granted', async () => {
    const response = await gateway()
      .http()
      .get(`${insurance.base}/records/${encodeURIComponent(firstKey)}`)
      .set(bearer(reader.token));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(Object.keys(response.body.record).sort()).toEqual(
      ['citizen_id', 'insurance_type', 'insured_name', 'insured_since', 'insured_status'].sort(),
    );
    const asked = await gateway()
      .http()
      .get(`${insurance.base}/records/${encodeURIComponent(firstKey)}?items=contribution_base`)
      .set(bearer(reader.token));
    expect(asked.status).toBe(403);
    expect(asked.body).toMatchObject({ type: '/problems/registry-access-denied', reason: 'no_grant' });
  });

  it('filters on indexed items and refuses unindexed ones with a hint', async () => {
    const filtered = await gateway()
      .http()
      .get(`${insurance.base}/records`)
      .query({ filter: "insured_status eq 'paying' and insurance_type in ('pension', 'medical')" })
      .set(bearer(reader.token));
    expect(filtered.status, JSON.stringify(filtered.body)).toBe(200);
    expect(filtered.body.items.map((r: { key: string }) => r.key).sort()).toEqual(
      seed.records
        .filter((r) => r.insured_status === 'paying' && ['pension', 'medical'].includes(String(r.insurance_type)))
        .map((r) => keyOf(seed, r))
        .sort(),
    );
    const unindexed = await gateway()
      .http()
      .get(`${insurance.base}/records`)
      .query({ filter: "insured_name eq '陈志强'" })
      .set(bearer(reader.token));
    expect(unindexed.status).toBe(400);
    expect(unindexed.body).toMatchObject({ type: '/problems/filter-not-indexed' });
    expect(unindexed.body.indexed).toContain('insured_status');
  });
});

describe('events', () => {
  it('appends a datasets record event per write', async () => {
    const rows = await gateway()
      .app.get(DataSource)
      .query(`SELECT type, data FROM event_log WHERE type LIKE 'cn.gov.hutong.datasets.%' ORDER BY seq`);
    expect(rows.length).toBe(seed.records.length);
    expect(rows[0]).toMatchObject({
      type: 'cn.gov.hutong.datasets.record.registered.v1',
      data: { dataset: { code: 'social-insurance', major: 1 } },
    });
  });
});

describe('grants reach down to the item and the row', () => {
  it('shows granted conditional items, never ungranted ones, and conditional items only of rows in the granted scope', async () => {
    const scoped = await consumer(gateway(), operator);
    await grant(gateway(), insurance.resource, scoped.token, insurance.provider.token, ['paid_months', 'district'], {}, [
      '440106',
    ]);
    const inside = await gateway()
      .http()
      .get(`${insurance.base}/records/${encodeURIComponent(firstKey)}`)
      .set(bearer(scoped.token));
    expect(inside.status, JSON.stringify(inside.body)).toBe(200);
    expect(inside.body.record).toMatchObject({ paid_months: first.paid_months, district: '440106' });
    expect(inside.body.record).not.toHaveProperty('contribution_base');
    expect(inside.body.record).not.toHaveProperty('employer_credit_code');
    const outsideRecord = seed.records.find((r) => r.district !== '440106') ?? {};
    const outside = await gateway()
      .http()
      .get(`${insurance.base}/records/${encodeURIComponent(keyOf(seed, outsideRecord))}`)
      .set(bearer(scoped.token));
    // Outside the row scope only the unconditional items remain readable — as for any agency.
    expect(outside.status, JSON.stringify(outside.body)).toBe(200);
    expect(Object.keys(outside.body.record)).not.toContain('paid_months');
    expect(Object.keys(outside.body.record)).not.toContain('district');
    const outsideGranted = await gateway()
      .http()
      .get(`${insurance.base}/records/${encodeURIComponent(keyOf(seed, outsideRecord))}?items=paid_months`)
      .set(bearer(scoped.token));
    expect(outsideGranted.status).toBe(404);
    const listed = await gateway()
      .http()
      .get(`${insurance.base}/records`)
      .query({ filter: 'paid_months ge 0' })
      .set(bearer(scoped.token));
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    expect(listed.body.items.every((r: { record: { district: string } }) => r.record.district === '440106')).toBe(true);
    for (const row of listed.body.items as Array<{ record: Record<string, unknown> }>) {
      expect(Object.keys(row.record)).not.toContain('contribution_base');
    }
  });

  it('refuses a filter on an item the consumer may not read (the answer would reveal it)', async () => {
    const response = await gateway()
      .http()
      .get(`${insurance.base}/records`)
      .query({ filter: 'paid_months ge 100' })
      .set(bearer(reader.token));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ reason: 'item_not_granted', items: ['paid_months'] });
  });
});

describe('the filter language', () => {
  const query = (params: Record<string, string>, token = insurance.provider.token) =>
    gateway().http().get(`${insurance.base}/records`).query(params).set(bearer(token));

  it('answers ranges, prefixes and date-time comparisons exactly', async () => {
    const expectKeys = async (filter: string, predicate: (r: Readonly<Record<string, unknown>>) => boolean) => {
      const response = await query({ filter });
      expect(response.status, `${filter}: ${JSON.stringify(response.body)}`).toBe(200);
      expect(response.body.items.map((r: { key: string }) => r.key).sort(), filter).toEqual(
        seed.records
          .filter(predicate)
          .map((r) => keyOf(seed, r))
          .sort(),
      );
    };
    await expectKeys("insured_since ge '2008-07-01' and insured_since lt '2015-03-01'", (r) => r.insured_since === '2008-07-01');
    await expectKeys("insured_since sw '20'", (r) => String(r.insured_since).startsWith('20'));
    await expectKeys("district sw '44010'", (r) => String(r.district).startsWith('44010'));
    await expectKeys(
      "last_paid_at gt '2025-01-01T00:00:00+08:00'",
      (r) => Date.parse(String(r.last_paid_at)) > Date.parse('2025-01-01T00:00:00+08:00'),
    );
    await expectKeys(
      'paid_months gt 100 and paid_months le 300',
      (r) => Number(r.paid_months) > 100 && Number(r.paid_months) <= 300,
    );
  });

  it('treats % and _ in a prefix as themselves', async () => {
    const response = await query({ filter: "district sw '4401%'" });
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it('points at the position of a syntax error and refuses values of the wrong type', async () => {
    const syntax = await query({ filter: "insured_status eq 'paying' or paid_months gt 1" });
    expect(syntax.status).toBe(400);
    expect(syntax.body).toMatchObject({ type: '/problems/filter-syntax', errors: [{ field: 'filter@27' }] });
    const unclosed = await query({ filter: "insured_status eq 'paying" });
    expect(unclosed.body).toMatchObject({ type: '/problems/filter-syntax', errors: [{ field: 'filter@18' }] });
    const typed = await query({ filter: "paid_months ge '12'" });
    expect(typed.status).toBe(400);
    expect(typed.body.errors[0]).toMatchObject({ field: 'filter@0', rule: 'integer' });
    const enumValue = await query({ filter: "insured_status eq 'on_holiday'" });
    expect(enumValue.status).toBe(400);
    expect(enumValue.body.errors[0]).toMatchObject({ rule: 'enum' });
    const unknown = await query({ filter: 'shoe_size eq 42' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ rule: 'unknown_item' });
  });

  it('refuses to sort on an unindexed item', async () => {
    const response = await query({ sort: 'insured_name' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ type: '/problems/filter-not-indexed', errors: [{ field: 'sort' }] });
  });
});

describe('imports and paging', () => {
  const generated = Array.from({ length: 45 }, (_, index) => ({
    citizen_id: `44010619900101${String(100 + index).padStart(3, '0')}`,
    insurance_type: 'medical',
    insured_name: `测试${index}`,
    insured_status: 'paying',
    insured_since: '2020-01-01',
    district: '440106',
    // every fifth without a value: they come last when sorting by it
    ...(index % 5 === 0 ? {} : { paid_months: (index * 7) % 23 }),
  }));

  it('imports NDJSON with per-row errors, and a re-sent file changes nothing', async () => {
    const { citizenIdCheckCharacter } = await import('@hutong/gb-codes');
    for (const row of generated) row.citizen_id = row.citizen_id + citizenIdCheckCharacter(row.citizen_id);
    const lines = [...generated.map((row) => JSON.stringify(row)), JSON.stringify({ ...generated[0], insurance_type: 'dental' })];
    const body = `${lines.join('\n')}\n`;
    const started = await gateway()
      .http()
      .post(`${insurance.base}/imports`)
      .set(bearer(insurance.provider.token))
      .set('content-type', 'application/x-ndjson')
      .send(body);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const finished = await awaitImport(gateway(), insurance.provider.token, started.headers.location ?? '');
    expect(finished).toMatchObject({ state: 'completed', rowsCreated: 45, rowsRejected: 1 });
    const errors = await gateway().http().get(`${started.headers.location}/errors`).set(bearer(insurance.provider.token));
    expect(errors.body.errors).toEqual([expect.objectContaining({ line: 46, field: 'insurance_type', rule: 'enum' })]);
    const again = await gateway()
      .http()
      .post(`${insurance.base}/imports`)
      .set(bearer(insurance.provider.token))
      .set('content-type', 'application/x-ndjson')
      .send(body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(started.body.id);
  });

  it('pages through a sorted query with cursors, each record once, records without a value last', async () => {
    const seen: Array<{ key: string; paid_months?: number }> = [];
    let cursor: string | undefined;
    do {
      const response = await gateway()
        .http()
        .get(`${insurance.base}/records`)
        .query({ filter: "insured_since eq '2020-01-01'", sort: '-paid_months', limit: '7', ...(cursor ? { cursor } : {}) })
        .set(bearer(insurance.provider.token));
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      seen.push(
        ...response.body.items.map((r: { key: string; record: { paid_months?: number } }) => ({
          key: r.key,
          paid_months: r.record.paid_months,
        })),
      );
      cursor = response.body.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toHaveLength(45);
    expect(new Set(seen.map((r) => r.key)).size).toBe(45);
    const withValue = seen.filter((r) => r.paid_months !== undefined);
    expect(withValue.map((r) => r.paid_months)).toEqual(
      [...withValue.map((r) => r.paid_months)].sort((a, b) => Number(b) - Number(a)),
    );
    expect(seen.slice(withValue.length).every((r) => r.paid_months === undefined)).toBe(true);
  });

  it('refuses a forged cursor whose value is not of the sort item’s type (never a 500)', async () => {
    for (const value of ['abc', '99999999999999999999', 'x\u0000y']) {
      const cursor = Buffer.from(JSON.stringify({ s: 'paid_months', v: value, k: 'a' })).toString('base64url');
      const response = await gateway()
        .http()
        .get(`${insurance.base}/records`)
        .query({ sort: 'paid_months', cursor })
        .set(bearer(insurance.provider.token));
      expect(response.status, value).toBe(400);
      expect(response.body.errors[0]).toMatchObject({ field: 'cursor' });
    }
  });

  it('refuses a cursor made for another sort', async () => {
    const page = await gateway()
      .http()
      .get(`${insurance.base}/records`)
      .query({ sort: 'paid_months', limit: '2' })
      .set(bearer(insurance.provider.token));
    const other = await gateway()
      .http()
      .get(`${insurance.base}/records`)
      .query({ sort: 'insured_since', cursor: page.body.nextCursor })
      .set(bearer(insurance.provider.token));
    expect(other.status).toBe(400);
    expect(other.body.errors[0]).toMatchObject({ field: 'cursor' });
  });
});

describe('history, withdrawal and asOf', () => {
  it('keeps every version, answers asOf with the old value, and drops withdrawn records from queries', async () => {
    const path = `${insurance.base}/records/${encodeURIComponent(firstKey)}`;
    const before = await gateway().http().get(path).set(bearer(insurance.provider.token));
    const beforeTime = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const updated = await gateway()
      .http()
      .put(path)
      .set(bearer(insurance.provider.token))
      .set('if-match', before.headers.etag ?? '')
      .send({ record: { ...first, paid_months: 197 } });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const stale = await gateway()
      .http()
      .put(path)
      .set(bearer(insurance.provider.token))
      .set('if-match', before.headers.etag ?? '')
      .send({ record: { ...first, paid_months: 198 } });
    expect(stale.status).toBe(412);
    const past = await gateway()
      .http()
      .get(`${insurance.base}/records`)
      .query({ filter: 'paid_months eq 196', asOf: beforeTime })
      .set(bearer(insurance.provider.token));
    expect(past.body.items.map((r: { key: string }) => r.key)).toContain(firstKey);
    const now = await gateway()
      .http()
      .get(`${insurance.base}/records`)
      .query({ filter: 'paid_months eq 196' })
      .set(bearer(insurance.provider.token));
    expect(now.body.items.map((r: { key: string }) => r.key)).not.toContain(firstKey);
    const pastOne = await gateway().http().get(path).query({ asOf: beforeTime }).set(bearer(insurance.provider.token));
    expect(pastOne.body.record.paid_months).toBe(196);

    const withdrawn = await gateway().http().delete(path).query({ reason: '重复登记' }).set(bearer(insurance.provider.token));
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const listed = await gateway()
      .http()
      .get(`${insurance.base}/records`)
      .query({ filter: "insurance_type eq 'pension'" })
      .set(bearer(insurance.provider.token));
    expect(listed.body.items.map((r: { key: string }) => r.key)).not.toContain(firstKey);
    const one = await gateway().http().get(path).set(bearer(insurance.provider.token));
    expect(one.body.status).toBe('withdrawn');
    const history = await gateway().http().get(`${path}/history`).set(bearer(insurance.provider.token));
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);

    // A PUT publishes it again: back in queries, and a status-changed event says so.
    const restored = await gateway().http().put(path).set(bearer(insurance.provider.token)).send({ record: first });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect((await gateway().http().get(path).set(bearer(insurance.provider.token))).body.status).toBe('active');
    const again = await gateway()
      .http()
      .get(`${insurance.base}/records`)
      .query({ filter: "insurance_type eq 'pension'" })
      .set(bearer(insurance.provider.token));
    expect(again.body.items.map((r: { key: string }) => r.key)).toContain(firstKey);
    const [event] = await gateway()
      .app.get(DataSource)
      .query(`SELECT type, data FROM event_log WHERE subject = $1 ORDER BY seq DESC LIMIT 1`, [firstKey]);
    expect(event).toMatchObject({
      type: 'cn.gov.hutong.datasets.record.status-changed.v1',
      data: { status: 'active', previousStatus: 'withdrawn' },
    });
  });

  it('refuses date-times PostgreSQL cannot hold and calendar dates that do not exist', async () => {
    const path = `${insurance.base}/records/${encodeURIComponent(keyOf(seed, seed.records[3] ?? {}))}`;
    for (const lastPaidAt of ['2026-02-30T10:00:00+08:00', '2026-11-20T10:00:00+23:00', '2026-11-20T10:00:00']) {
      const response = await gateway()
        .http()
        .put(path)
        .set(bearer(insurance.provider.token))
        .send({ record: { ...seed.records[3], last_paid_at: lastPaidAt } });
      expect(response.status, lastPaidAt).toBe(400);
      expect(response.body.errors[0], lastPaidAt).toMatchObject({ field: 'last_paid_at', rule: 'datetime' });
    }
    const filter = await gateway()
      .http()
      .get(`${insurance.base}/records`)
      .query({ filter: "last_paid_at ge '2026-01-01T00:00:00+20:00'" })
      .set(bearer(insurance.provider.token));
    expect(filter.status).toBe(400);
  });

  it('refuses writes by anyone but the provider, and the platform’s own status item', async () => {
    const path = `${insurance.base}/records/${encodeURIComponent(keyOf(seed, seed.records[2] ?? {}))}`;
    const byConsumer = await gateway().http().put(path).set(bearer(reader.token)).send({ record: seed.records[2] });
    expect(byConsumer.status).toBe(403);
    const status = await gateway()
      .http()
      .put(path)
      .set(bearer(insurance.provider.token))
      .send({ record: { ...seed.records[2], record_status: 'withdrawn' } });
    expect(status.status).toBe(400);
    expect(status.body.errors[0]).toMatchObject({ field: 'record_status', rule: 'read_only' });
    const mismatch = await gateway()
      .http()
      .put(path)
      .set(bearer(insurance.provider.token))
      .send({ record: { ...seed.records[2], insurance_type: 'maternity' } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0]).toMatchObject({ field: 'insurance_type', rule: 'key_mismatch' });
  });
});
