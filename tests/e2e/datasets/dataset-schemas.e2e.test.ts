import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_DATASETS, SOCIAL_INSURANCE, type SeedDataset } from '../../../seeds/datasets';
import { publishEntry } from '../../support/catalog-fixtures';
import { keyOf, publishSeedDataset, putSeedRecords, type PublishedDataset } from '../../support/dataset-fixtures';
import { accessToken, bearer, createOperator } from '../../support/identity-fixtures';
import { consumer } from '../../support/registry-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();

let operator: string;
let reader: { token: string };
const published = new Map<string, PublishedDataset>();

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  for (const seed of SEED_DATASETS) {
    const dataset = await publishSeedDataset(gateway(), operator, seed);
    await putSeedRecords(gateway(), seed, dataset);
    published.set(seed.code, dataset);
  }
  reader = await consumer(gateway(), operator);
});

const datasetOf = (seed: SeedDataset): PublishedDataset => {
  const dataset = published.get(seed.code);
  if (!dataset) throw new Error(`${seed.code} was not published`);
  return dataset;
};

/** Replaces the entry's draft with `entry`, submits it as the provider and publishes it as the operator. */
async function revise(dataset: PublishedDataset, entry: Record<string, unknown>) {
  const drafted = await gateway()
    .http()
    .put(`/catalog/resources/${dataset.resource}`)
    .set(bearer(dataset.provider.token))
    .send(entry);
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(200);
  const submitted = await gateway()
    .http()
    .post(`/catalog/resources/${dataset.resource}/submit`)
    .set(bearer(dataset.provider.token));
  if (submitted.status !== 200) return submitted;
  return gateway().http().post(`/catalog/resources/${dataset.resource}/publish`).set(bearer(operator));
}

type Item = Record<string, unknown> & { code: string };
const itemsOf = (seed: SeedDataset): Item[] => (seed.entry.items as Item[]).map((item) => ({ ...item }));

describe('published JSON Schemas', () => {
  it.each(SEED_DATASETS.map((seed) => [seed.code, seed] as const))(
    '%s: the served schema is the checked-in contract, and the seed records satisfy it',
    async (_code, seed) => {
      const response = await gateway()
        .http()
        .get(`${datasetOf(seed).base}/schema`)
        .set(bearer(reader.token));
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.headers['content-type']).toContain('application/schema+json');
      const schema = JSON.parse(response.text) as Record<string, unknown>;
      const contract = JSON.parse(readFileSync(join('contracts', 'datasets', `${seed.code}.v1.schema.json`), 'utf8')) as unknown;
      expect(schema).toEqual(contract);
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      for (const record of seed.records) expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
      // The schema can fail: an item it does not know, and a value of the wrong type.
      expect(validate({ ...seed.records[0], not_an_item: 1 })).toBe(false);
    },
  );
});

describe('schema evolution within a major', () => {
  const seed = SOCIAL_INSURANCE;

  it('refuses a breaking change at submission, naming each change and the way out', async () => {
    const dataset = datasetOf(seed);
    const items = itemsOf(seed)
      .filter((item) => item.code !== 'is_flexible_employment')
      .map((item) =>
        item.code === 'insured_name'
          ? { ...item, maxLength: 20 }
          : item.code === 'paid_months'
            ? { ...item, dataType: 'string' }
            : item,
      );
    const refused = await revise(dataset, { ...seed.entry, items });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: '/problems/breaking-schema-change', dataset: seed.code, major: 1 });
    expect(refused.body.detail).toContain('/versions');
    const rules = (refused.body.errors as Array<{ field: string; rule: string }>).map((e) => `${e.field}:${e.rule}`).sort();
    expect(rules).toEqual(
      [
        'items.insured_name:length_narrowed',
        'items.is_flexible_employment:item_removed',
        'items.paid_months:type_changed',
        // the retyped item is indexed text without a length bound
        'items[8].maxLength:index_length',
      ].sort(),
    );
    // Nothing changed: the dataset still takes the item that was to be removed.
    const key = keyOf(seed, seed.records[2] ?? {});
    const write = await gateway()
      .http()
      .put(`${dataset.base}/records/${encodeURIComponent(key)}`)
      .set(bearer(dataset.provider.token))
      .send({ record: { ...seed.records[2], is_flexible_employment: false } });
    expect(write.status, JSON.stringify(write.body)).toBe(200);
    // Withdraw the refused draft so the next test starts from the published version.
    await gateway()
      .http()
      .put(`/catalog/resources/${dataset.resource}`)
      .set(bearer(operator))
      .send({ ...seed.entry });
  });

  it('accepts a compatible change: a new optional indexed item, a wider length, a new enum value — and filters on the new item', async () => {
    const dataset = datasetOf(seed);
    const items = [
      ...itemsOf(seed).map((item) =>
        item.code === 'insured_name'
          ? { ...item, maxLength: 100 }
          : item.code === 'insured_status'
            ? { ...item, enumValues: [...(item.enumValues as string[]), 'transferred'] }
            : item,
      ),
      {
        code: 'social_security_card_no',
        name: '社会保障卡号',
        dataType: 'string',
        sharingType: 'unconditional',
        maxLength: 20,
        indexed: true,
      },
    ];
    const accepted = await revise(dataset, { ...seed.entry, items });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const key = keyOf(seed, seed.records[3] ?? {});
    const write = await gateway()
      .http()
      .put(`${dataset.base}/records/${encodeURIComponent(key)}`)
      .set(bearer(dataset.provider.token))
      .send({ record: { ...seed.records[3], insured_status: 'transferred', social_security_card_no: 'G44011123' } });
    expect(write.status, JSON.stringify(write.body)).toBe(200);
    let found;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      found = await gateway()
        .http()
        .get(`${dataset.base}/records`)
        .query({ filter: "social_security_card_no eq 'G44011123'" })
        .set(bearer(reader.token));
      if (found.status !== 503) break;
      expect(found.headers['retry-after']).toBeDefined();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found?.status, JSON.stringify(found?.body)).toBe(200);
    expect(found?.body.items.map((r: { key: string }) => r.key)).toEqual([key]);
    const schema = await gateway().http().get(`${dataset.base}/schema`).set(bearer(reader.token));
    expect(JSON.parse(schema.text).properties.social_security_card_no).toMatchObject({ type: 'string', maxLength: 20 });
  });
});

describe('a new major version', () => {
  const seed = SOCIAL_INSURANCE;

  it('takes the breaking schema on a new entry; both majors stay readable until the old entry is retired', async () => {
    const dataset = datasetOf(seed);
    const renamed = itemsOf(seed).map((item) => (item.code === 'paid_months' ? { ...item, code: 'contribution_months' } : item));
    const entryV2 = { ...seed.entry, name: '社会保险参保记录(第二版)', items: renamed };
    const resourceV2 = await publishEntry(gateway(), dataset.provider.token, operator, entryV2);
    const registered = await gateway()
      .http()
      .post(`${dataset.base}/versions`)
      .set(bearer(dataset.provider.token))
      .send({ resourceCode: resourceV2 });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body.majors.map((m: { major: number }) => m.major)).toEqual([1, 2]);

    const record = seed.records[2] ?? {};
    const key = encodeURIComponent(keyOf(seed, record));
    const { paid_months: months, ...rest } = record;
    const v2Write = await gateway()
      .http()
      .put(`${dataset.base}/records/${key}?version=2`)
      .set(bearer(dataset.provider.token))
      .send({ record: { ...rest, contribution_months: months } });
    expect(v2Write.status, JSON.stringify(v2Write.body)).toBe(201);
    const provider = bearer(dataset.provider.token);
    const v1 = await gateway().http().get(`${dataset.base}/records/${key}?version=1`).set(provider);
    const v2 = await gateway().http().get(`${dataset.base}/records/${key}?version=2`).set(provider);
    const newest = await gateway().http().get(`${dataset.base}/records/${key}`).set(provider);
    expect(v1.body.record.paid_months).toBe(months);
    expect(v2.body.record.contribution_months).toBe(months);
    expect(v2.body.record).not.toHaveProperty('paid_months');
    expect(newest.body.record).toEqual(v2.body.record);
    expect((await gateway().http().get(`${dataset.base}/schema?version=1`).set(provider)).body.properties).toHaveProperty(
      'paid_months',
    );

    const retired = await gateway()
      .http()
      .post(`/catalog/resources/${dataset.resource}/retire`)
      .set(bearer(operator))
      .send({ reason: '第二版上线' });
    expect(retired.status, JSON.stringify(retired.body)).toBe(200);
    const readRetired = await gateway().http().get(`${dataset.base}/records/${key}?version=1`).set(bearer(reader.token));
    expect(readRetired.status).toBe(403);
    expect(readRetired.body).toMatchObject({ reason: 'resource_retired' });
    const writeRetired = await gateway().http().put(`${dataset.base}/records/${key}?version=1`).set(provider).send({ record });
    expect(writeRetired.status).toBe(409);
    expect(writeRetired.body).toMatchObject({ type: '/problems/dataset-retired' });
    expect((await gateway().http().get(`${dataset.base}/records/${key}?version=2`).set(bearer(reader.token))).status).toBe(200);
  });
});

describe('registration', () => {
  it('refuses an entry that cannot define a dataset, saying why', async () => {
    const dataset = datasetOf(SOCIAL_INSURANCE);
    const noKey = itemsOf(SOCIAL_INSURANCE).map(({ key: _key, ...item }) => item);
    const resource = await publishEntry(gateway(), dataset.provider.token, operator, {
      ...SOCIAL_INSURANCE.entry,
      items: noKey,
      sharing: { ...(SOCIAL_INSURANCE.entry.sharing as object), methods: ['file'] },
    });
    const refused = await gateway()
      .http()
      .post(`/agencies/${dataset.provider.agency.code}/datasets`)
      .set(bearer(dataset.provider.token))
      .send({ code: 'no-key', resourceCode: resource });
    expect(refused.status).toBe(422);
    expect((refused.body.errors as Array<{ rule: string }>).map((e) => e.rule).sort()).toEqual(['api_required', 'key_required']);
    const other = await consumer(gateway(), operator);
    const notMine = await gateway()
      .http()
      .post(`/agencies/${other.agency.code}/datasets`)
      .set(bearer(other.token))
      .send({ code: 'stolen', resourceCode: dataset.resource });
    expect(notMine.status).toBe(422);
    const forOther = await gateway()
      .http()
      .post(`/agencies/${dataset.provider.agency.code}/datasets`)
      .set(bearer(other.token))
      .send({ code: 'stolen', resourceCode: dataset.resource });
    expect(forOther.status).toBe(403);
  });
});
