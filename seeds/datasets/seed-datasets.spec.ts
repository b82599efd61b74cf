import { CreateResourceDto, metadataFrom, type ItemDataType, type ResourceMetadata } from '@hutong/catalog';
import { definabilityViolations, definitionOf, normalizeKey, schemaOf, type DatasetSchema } from '@hutong/datasets';
import { Problem, type FieldViolation } from '@hutong/platform';
import { buildRecord } from '@hutong/registries';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { SEED_DATASETS, type SeedDataset } from './index';

type Entry = SeedDataset['entry'];
type SeedRecord = SeedDataset['records'][number];

/** class-validator on the POST /catalog/resources body, as the API's pipe runs it: one `path: constraints` line per failure. */
function bodyErrors(entry: Entry): string[] {
  const dto = plainToInstance(CreateResourceDto, entry);
  return flatten(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }), '');
}

function flatten(errors: readonly ValidationError[], prefix: string): string[] {
  return errors.flatMap((error) => {
    const path =
      prefix === ''
        ? error.property
        : /^\d+$/.test(error.property)
          ? `${prefix}[${error.property}]`
          : `${prefix}.${error.property}`;
    const own = error.constraints ? [`${path}: ${Object.keys(error.constraints).join(', ')}`] : [];
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

type Rules = { ok: true; metadata: ResourceMetadata } | { ok: false; violations: readonly FieldViolation[] };

/** The catalog's cross-field rules (what the service runs after the pipe). */
function catalogRules(entry: Entry): Rules {
  try {
    return { ok: true, metadata: metadataFrom(plainToInstance(CreateResourceDto, entry)) };
  } catch (error) {
    if (error instanceof Problem) return { ok: false, violations: error.init.errors ?? [] };
    throw error;
  }
}

function metadataOf(seed: SeedDataset): ResourceMetadata {
  const rules = catalogRules(seed.entry);
  if (!rules.ok) throw new Error(`${seed.code}: catalog rules refuse the entry: ${JSON.stringify(rules.violations)}`);
  return rules.metadata;
}

type RecordCheck = { ok: true; key: string } | { ok: false; violations: readonly FieldViolation[] };

/** A record as the dataset's registry kit would take it: the key from its key items, the other items as the one group. */
function checkRecord(seed: SeedDataset, schema: DatasetSchema, record: SeedRecord): RecordCheck {
  const definition = definitionOf('ds-1', { agency: seed.provider.code, code: seed.code, major: 1 }, schema);
  const keyParts = schema.keyItems.map((item) => String(record[item.code]));
  const key = normalizeKey(schema, keyParts.join('~'));
  if (!key.ok) return { ok: false, violations: [key.violation] };
  const keyCodes = new Set(schema.keyItems.map((item) => item.code));
  const values = Object.fromEntries(Object.entries(record).filter(([code]) => !keyCodes.has(code)));
  const built = buildRecord(definition, null, { key: key.key, groups: { record: values }, fieldPrefix: '' });
  return built.ok ? { ok: true, key: key.key } : { ok: false, violations: built.violations };
}

/** A value of the wrong type (or outside the item's constraints) for each data type. */
const WRONG_VALUES: Record<ItemDataType, unknown> = {
  string: 42,
  integer: 1.5,
  decimal: 'twelve',
  boolean: 'yes',
  date: '2026-02-30',
  datetime: '2026-11-20T10:00:00',
  enum: 'not_a_listed_value',
  citizen_id: '4401061985031200',
  credit_code: '91440106MA5CK2N1',
  division_code: '440199',
  geometry: { type: 'Point', coordinates: [23.13, 113.32] },
  object: 'not an object',
};

function duplicatesOf(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

const fieldsOf = (check: RecordCheck | Rules): string[] => (check.ok ? [] : check.violations.map((violation) => violation.field));

describe.each(SEED_DATASETS.map((seed) => [seed.code, seed] as const))('seed dataset %s', (_code, seed) => {
  it('is a valid POST /catalog/resources body', () => {
    expect(bodyErrors(seed.entry)).toEqual([]);
  });

  it('passes the catalog rules and can define a dataset', () => {
    const rules = catalogRules(seed.entry);
    expect(rules.ok ? [] : rules.violations).toEqual([]);
    expect(definabilityViolations(metadataOf(seed))).toEqual([]);
  });

  it('has 8 to 14 items, every enum item explaining its codes', () => {
    const items = metadataOf(seed).items;
    expect(items.length).toBeGreaterThanOrEqual(8);
    expect(items.length).toBeLessThanOrEqual(14);
    expect(items.filter((item) => item.dataType === 'enum' && item.description === null).map((item) => item.code)).toEqual([]);
  });

  it('has 3 to 6 sample records, each accepted by the registry kit', () => {
    const schema = schemaOf(metadataOf(seed), 1);
    expect(seed.records.length).toBeGreaterThanOrEqual(3);
    expect(seed.records.length).toBeLessThanOrEqual(6);
    for (const [index, record] of seed.records.entries()) {
      const check = checkRecord(seed, schema, record);
      expect(check.ok ? [] : check.violations, `record ${index}`).toEqual([]);
    }
  });

  it('has sample records with distinct keys and distinct values of unique items', () => {
    const schema = schemaOf(metadataOf(seed), 1);
    const keys = seed.records.map((record) => {
      const check = checkRecord(seed, schema, record);
      return check.ok ? check.key : '';
    });
    expect(duplicatesOf(keys)).toEqual([]);
    for (const item of schema.items.filter((candidate) => candidate.unique)) {
      const values = seed.records.map((record) => record[item.code]).filter((value) => value !== undefined);
      expect(duplicatesOf(values.map(String)), item.code).toEqual([]);
    }
  });

  it('refuses a sample record with a wrong value in any item, naming the item', () => {
    const schema = schemaOf(metadataOf(seed), 1);
    const [first] = seed.records;
    if (first === undefined) throw new Error('no records');
    for (const item of schema.items.filter((candidate) => !candidate.key)) {
      const broken = { ...first, [item.code]: WRONG_VALUES[item.dataType] };
      const check = checkRecord(seed, schema, broken);
      expect(check.ok, item.code).toBe(false);
      expect(fieldsOf(check), item.code).toEqual([item.code]);
    }
  });

  it('refuses a sample record with an enum value it does not list, naming the item', () => {
    const schema = schemaOf(metadataOf(seed), 1);
    const [first] = seed.records;
    if (first === undefined) throw new Error('no records');
    for (const item of schema.items.filter((candidate) => candidate.dataType === 'enum')) {
      const check = checkRecord(seed, schema, { ...first, [item.code]: `${String(first[item.code])}_unknown` });
      expect(check.ok ? [] : check.violations.map(({ field, rule }) => ({ field, rule })), item.code).toEqual([
        { field: item.code, rule: 'enum' },
      ]);
    }
  });

  it('refuses a sample record without a required item or with a malformed key part', () => {
    const schema = schemaOf(metadataOf(seed), 1);
    const [first] = seed.records;
    if (first === undefined) throw new Error('no records');
    const required = schema.items.find((item) => item.required && !item.key);
    if (required === undefined) throw new Error('no required non-key item');
    const { [required.code]: _dropped, ...withoutRequired } = first;
    expect(fieldsOf(checkRecord(seed, schema, withoutRequired))).toEqual([required.code]);
    for (const item of schema.keyItems) {
      const check = checkRecord(seed, schema, { ...first, [item.code]: 'a/b' });
      expect(fieldsOf(check), item.code).toEqual([item.code]);
    }
  });

  it('is refused by the API pipe when an item has an unknown type or the body an unknown field', () => {
    const items = seed.entry.items as ReadonlyArray<Record<string, unknown>>;
    const badType = { ...seed.entry, items: [{ ...items[0], dataType: 'money' }, ...items.slice(1)] };
    expect(bodyErrors(badType)).toEqual(['items[0].dataType: isIn']);
    expect(bodyErrors({ ...seed.entry, owner: 'someone' })).toEqual(['owner: whitelistValidation']);
  });

  it('cannot define a dataset without the api method or with an object key item', () => {
    const metadata = metadataOf(seed);
    const noApi = { ...metadata, sharing: { ...metadata.sharing, methods: ['file' as const] } };
    expect(definabilityViolations(noApi).map((violation) => violation.rule)).toEqual(['api_required']);
    const objectKey = {
      ...metadata,
      items: metadata.items.map((item, index) => (index === 0 ? { ...item, dataType: 'object' as const } : item)),
    };
    expect(definabilityViolations(objectKey).map((violation) => violation.field)).toContain('items[0].key');
  });

  it('is refused by the catalog rules when scopeItem names no division_code item', () => {
    const keyItem = metadataOf(seed).items.find((item) => item.key && item.dataType !== 'division_code');
    const rules = catalogRules({ ...seed.entry, scopeItem: keyItem?.code ?? 'no_such_item' });
    expect(fieldsOf(rules)).toEqual(['scopeItem']);
  });
});

describe('the seed datasets', () => {
  it('come from distinct provider agencies and have distinct codes', () => {
    expect(duplicatesOf(SEED_DATASETS.map((seed) => seed.provider.code))).toEqual([]);
    expect(duplicatesOf(SEED_DATASETS.map((seed) => seed.provider.name))).toEqual([]);
    expect(duplicatesOf(SEED_DATASETS.map((seed) => seed.code))).toEqual([]);
    expect(SEED_DATASETS.length).toBe(5);
  });

  it('would have a repeated provider or code noticed', () => {
    const repeated = [...SEED_DATASETS, SEED_DATASETS[0]].filter((seed) => seed !== undefined);
    expect(duplicatesOf(repeated.map((seed) => seed.provider.code))).toEqual([SEED_DATASETS[0]?.provider.code]);
    expect(duplicatesOf(repeated.map((seed) => seed.code))).toEqual([SEED_DATASETS[0]?.code]);
  });

  it('have URL-safe dataset codes', () => {
    for (const seed of SEED_DATASETS) expect(seed.code).toMatch(/^[a-z][a-z0-9-]{1,62}$/);
  });
});
