import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventSchemas, findEventContracts, validateEventData } from './event-schemas';

const schemas = EventSchemas.load();

const PROVIDER = '11330100002489145G';
const CONSUMER = '11330100002489153B';
const REQUEST_ID = '3f0c8f1e-2a4b-4c6d-8e9f-0a1b2c3d4e5f';
const GRANT_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';

const resource = (action: string, extra: Record<string, unknown> = {}) => ({
  type: `cn.gov.hutong.catalog.resource.${action}.v1`,
  data: {
    code: '101001/000001',
    provider: PROVIDER,
    name: '人口基础信息',
    sharingType: 'conditional',
    actor: 'ops-wang',
    ...extra,
  },
});

const request = (action: string, state: string, previousState: string | null, extra: Record<string, unknown> = {}) => ({
  type: `cn.gov.hutong.catalog.access-request.${action}.v1`,
  data: {
    id: REQUEST_ID,
    resource: '101001/000001',
    provider: PROVIDER,
    consumer: CONSUMER,
    state,
    previousState,
    action: action.replace(/ed$/, ''),
    actor: CONSUMER,
    ...extra,
  },
});

const PERSON_ID = '440103199001010014';
/** One record of each registry entity as a provider would write it. */
const RECORD_SAMPLES = {
  person: {
    key: PERSON_ID,
    record: {
      citizen_id: PERSON_ID,
      name: '张伟',
      sex: '1',
      birth_date: '1990-01-01',
      household_division: '440103',
      status: 'normal',
    },
    division: '440103',
    group: 'identity',
    status: 'normal',
  },
  'legal-person': {
    key: PROVIDER,
    record: {
      credit_code: PROVIDER,
      name: '示例科技有限公司',
      entity_type: 'enterprise',
      registered_division: '440106',
      status: '存续',
    },
    division: '440106',
    group: 'registration',
    status: '存续',
  },
  division: {
    key: '440106',
    record: {
      division_code: '440106',
      name: '天河区',
      level: 'county',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [113.3, 23.1],
            [113.4, 23.1],
            [113.4, 23.2],
            [113.3, 23.1],
          ],
        ],
      },
      status: 'active',
    },
    division: '440106',
    group: 'feature',
    status: 'active',
  },
  address: {
    key: 'GZA000000001',
    record: {
      address_id: 'GZA000000001',
      full_address: '广东省广州市天河区天河路208号',
      division_code: '440106',
      geometry: { type: 'Point', coordinates: [113.3245, 23.1291] },
      status: 'active',
    },
    division: '440106',
    group: 'feature',
    status: 'active',
  },
  parcel: {
    key: '440106001002JA00001',
    record: {
      parcel_code: '440106001002JA00001',
      division_code: '440106',
      area: '1250.5',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [113.45, 23.1],
              [113.46, 23.1],
              [113.46, 23.11],
              [113.45, 23.1],
            ],
          ],
        ],
      },
      status: 'retired',
    },
    division: '440106',
    group: 'feature',
    status: 'retired',
  },
  'service-point': {
    key: 'SP0001',
    record: {
      point_id: 'SP0001',
      name: '天河区政务服务中心',
      service_type: 'service_center',
      division_code: '440106',
      geometry: { type: 'Point', coordinates: [113.361, 23.125] },
      status: 'active',
    },
    division: '440106',
    group: 'feature',
    status: 'active',
  },
  indicator: {
    key: 'INTERNET_USERS',
    record: {
      indicator_code: 'INTERNET_USERS',
      name_zh: '互联网用户数',
      name_en: 'Internet users',
      unit: 'accounts',
      unit_multiplier: 4,
      frequency: 'A',
      source_agency: '市统计局',
      topic: 'NETWORK',
      status: 'active',
    },
    // Indicators belong to no place: their events carry no division.
    division: null,
    group: 'indicator',
    status: 'active',
  },
  observation: {
    key: 'A.510100.INTERNET_USERS.ACTUAL.2010',
    record: {
      observation_key: 'A.510100.INTERNET_USERS.ACTUAL.2010',
      freq: 'A',
      ref_area: '510100',
      indicator: 'INTERNET_USERS',
      value_type: 'ACTUAL',
      time_period: '2010',
      obs_value: '650',
      comparator: '>',
      obs_status: 'actual',
      status: 'published',
    },
    division: '510100',
    group: 'observation',
    status: 'published',
  },
} as const;
type RecordEntity = keyof typeof RECORD_SAMPLES;
const RECORD_ENTITIES = Object.keys(RECORD_SAMPLES) as RecordEntity[];

const record = (entity: RecordEntity, action: string) => {
  const sample = RECORD_SAMPLES[entity];
  return {
    type: `cn.gov.hutong.registries.${entity}.${action}.v1`,
    data: {
      key: sample.key,
      version: action === 'registered' ? 1 : 2,
      record: sample.record,
      divisions: sample.division === null ? [] : [sample.division],
      changedGroups: [sample.group],
      status: sample.status,
      ...(action === 'registered' ? {} : { previousStatus: sample.status }),
    },
  };
};

/** A dataset record event, as the registry kit writes it for an agency dataset (the dataset in `data.dataset`). */
const datasetRecord = (action: string) => ({
  type: `cn.gov.hutong.datasets.record.${action}.v1`,
  data: {
    dataset: { agency: PROVIDER, code: 'social-insurance', major: 1 },
    key: '440106198503120314~pension',
    version: action === 'registered' ? 1 : 2,
    record: { citizen_id: '440106198503120314', insurance_type: 'pension', paid_months: 196 },
    divisions: ['440106'],
    changedGroups: ['record'],
    status: action === 'status-changed' ? 'withdrawn' : 'active',
    ...(action === 'registered' ? {} : { previousStatus: 'active' }),
  },
});

/** One event of every type, as the catalog and the registries write them, with every required member. */
const SAMPLES = [
  resource('drafted', { actor: PROVIDER }),
  resource('revised', { actor: PROVIDER }),
  resource('submitted', { actor: PROVIDER }),
  resource('returned', { reason: '请补充法律依据' }),
  resource('published', { version: 2 }),
  resource('retired', { reason: '已由新目录替代' }),
  request('submitted', 'pending', null),
  request('approved', 'approved', 'pending', {
    actor: PROVIDER,
    grantId: GRANT_ID,
    items: ['name'],
    validTo: '2027-01-01T00:00:00.000Z',
  }),
  request('rejected', 'rejected', 'pending', { actor: PROVIDER, reason: '用途不明确' }),
  request('withdrawn', 'withdrawn', 'escalated'),
  request('escalated', 'escalated', 'rejected'),
  request('refused', 'refused', 'escalated', { actor: 'ops-wang', reason: '依法不予共享' }),
  request('revoked', 'revoked', 'approved', { actor: PROVIDER, reason: '超出用途使用' }),
  request('expired', 'expired', 'approved', { actor: 'system' }),
  ...RECORD_ENTITIES.flatMap((entity) => ['registered', 'updated', 'status-changed'].map((action) => record(entity, action))),
  ...['registered', 'updated', 'status-changed'].map(datasetRecord),
];

/** Members each type cannot do without, beyond the ones every event of its family has. */
const REQUIRED_EXTRA: Record<string, string[]> = {
  'cn.gov.hutong.catalog.resource.published.v1': ['version'],
  'cn.gov.hutong.catalog.resource.returned.v1': ['reason'],
  'cn.gov.hutong.catalog.resource.retired.v1': ['reason'],
  'cn.gov.hutong.catalog.access-request.approved.v1': ['grantId', 'items', 'validTo'],
  'cn.gov.hutong.catalog.access-request.rejected.v1': ['reason'],
  'cn.gov.hutong.catalog.access-request.refused.v1': ['reason'],
  'cn.gov.hutong.catalog.access-request.revoked.v1': ['reason'],
  ...Object.fromEntries(
    RECORD_ENTITIES.flatMap((entity) =>
      ['updated', 'status-changed'].map((action) => [`cn.gov.hutong.registries.${entity}.${action}.v1`, ['previousStatus']]),
    ),
  ),
  'cn.gov.hutong.datasets.record.updated.v1': ['previousStatus'],
  'cn.gov.hutong.datasets.record.status-changed.v1': ['previousStatus'],
};

function without(data: Record<string, unknown>, member: string): Record<string, unknown> {
  const copy = { ...data };
  delete copy[member];
  return copy;
}

describe('EventSchemas', () => {
  it('has a schema for every catalog, registry and dataset event type and nothing else', () => {
    expect(schemas.types()).toEqual(SAMPLES.map((s) => s.type).sort());
  });

  it.each(SAMPLES)('accepts a well-formed $type', ({ type, data }) => {
    expect(schemas.validate(type, data)).toEqual({ valid: true });
  });

  it.each(SAMPLES)('refuses $type with a member the contract does not name', ({ type, data }) => {
    const check = schemas.validate(type, { ...data, citizenId: '110101199003074514' });
    expect(check).toEqual({ valid: false, errors: ['data has a member the schema does not allow: citizenId'] });
  });

  it.each(SAMPLES)('refuses $type without one of its required members', ({ type, data }) => {
    const family = type.includes('.datasets.')
      ? ['dataset', 'key', 'version', 'record', 'divisions', 'changedGroups', 'status']
      : type.includes('.registries.')
        ? ['key', 'version', 'record', 'divisions', 'changedGroups', 'status']
        : type.includes('.resource.')
          ? ['code', 'provider', 'name', 'sharingType', 'actor']
          : ['id', 'resource', 'provider', 'consumer', 'state', 'previousState', 'action', 'actor'];
    for (const member of [...family, ...(REQUIRED_EXTRA[type] ?? [])]) {
      const check = schemas.validate(type, without(data, member));
      expect(check.valid, `${type} without ${member}`).toBe(false);
      if (!check.valid) expect(check.errors).toContain(`data must have required property '${member}'`);
    }
  });

  it('keeps version to the published event and reasons to the events that need one', () => {
    expect(schemas.validate('cn.gov.hutong.catalog.resource.revised.v1', { ...resource('revised').data, version: 1 }).valid).toBe(
      false,
    );
    expect(
      schemas.validate('cn.gov.hutong.catalog.resource.drafted.v1', { ...resource('drafted').data, reason: 'x' }).valid,
    ).toBe(false);
    expect(
      schemas.validate('cn.gov.hutong.catalog.resource.published.v1', resource('published', { version: 0 }).data).valid,
    ).toBe(false);
  });

  it('ties the state to the event type and the previous state to null only for a new request', () => {
    const submitted = request('submitted', 'pending', null).data;
    expect(schemas.validate('cn.gov.hutong.catalog.access-request.submitted.v1', { ...submitted, state: 'approved' }).valid).toBe(
      false,
    );
    expect(
      schemas.validate('cn.gov.hutong.catalog.access-request.submitted.v1', { ...submitted, previousState: 'pending' }).valid,
    ).toBe(false);
    const withdrawn = request('withdrawn', 'withdrawn', 'pending').data;
    expect(
      schemas.validate('cn.gov.hutong.catalog.access-request.withdrawn.v1', { ...withdrawn, previousState: null }).valid,
    ).toBe(false);
  });

  it('checks formats and patterns, not only presence', () => {
    const approved = SAMPLES.find((s) => s.type.endsWith('access-request.approved.v1'))!.data;
    const type = 'cn.gov.hutong.catalog.access-request.approved.v1';
    expect(schemas.validate(type, { ...approved, validTo: '2027-01-01' }).valid).toBe(false);
    expect(schemas.validate(type, { ...approved, grantId: 'grant-1' }).valid).toBe(false);
    expect(schemas.validate(type, { ...approved, items: [] }).valid).toBe(false);
    expect(schemas.validate(type, { ...approved, consumer: '11330100002489153' }).valid).toBe(false);
    expect(schemas.validate(type, { ...approved, resource: '101001-000001' }).valid).toBe(false);
  });

  it('accepts the examples every schema publishes', () => {
    for (const type of schemas.types()) {
      const { examples } = JSON.parse(schemas.file(`${type}.json`)!) as { examples: unknown[] };
      expect(examples.length, type).toBeGreaterThan(0);
      for (const example of examples) expect(schemas.validate(type, example), type).toEqual({ valid: true });
    }
  });

  it('treats an event type without a schema as invalid', () => {
    expect(validateEventData('cn.gov.hutong.catalog.resource.deleted.v1', {})).toEqual({
      valid: false,
      errors: ['no schema for event type cn.gov.hutong.catalog.resource.deleted.v1'],
    });
  });

  it('serves only the files of the loaded set', () => {
    expect(JSON.parse(schemas.file('cn.gov.hutong.catalog.resource.published.v1.json')!)).toMatchObject({
      $id: 'https://hutong.invalid/contracts/events/cn.gov.hutong.catalog.resource.published.v1.json',
    });
    for (const name of ['cn.gov.hutong.catalog.resource.published.v1', '../../../package.json', '..%2F..%2Fpackage.json', '']) {
      expect(schemas.file(name), name).toBeUndefined();
    }
  });

  it('finds contracts/events by walking up from a directory below the repository root', () => {
    expect(findEventContracts(__dirname)).toBe(schemas.directory);
    expect(() => findEventContracts(tmpdir())).toThrow(/no contracts\/events directory/);
  });

  it('refuses to load a schema that does not compile or a file not named after an event type', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hutong-events-'));
    try {
      writeFileSync(join(dir, 'cn.gov.hutong.x.y.z.v1.json'), JSON.stringify({ type: 'object', required: 'id' }));
      expect(() => EventSchemas.load(dir)).toThrow(/not a valid JSON Schema/);
      rmSync(join(dir, 'cn.gov.hutong.x.y.z.v1.json'));
      writeFileSync(join(dir, 'notes.json'), '{}');
      expect(() => EventSchemas.load(dir)).toThrow(/not <event type>\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('registry record events', () => {
  const type = 'cn.gov.hutong.registries.person.updated.v1';
  const data = record('person', 'updated').data;

  it('accepts a record cut to a few items, masked items and null (what delivery sends)', () => {
    expect(schemas.validate(type, { ...data, record: { citizen_id: PERSON_ID } }).valid).toBe(true);
    expect(schemas.validate(type, { ...data, record: { citizen_id: PERSON_ID, name: '张*' } }).valid).toBe(true);
    expect(schemas.validate(type, { ...data, record: null }).valid).toBe(true);
  });

  it('refuses an item the registry does not have, a wrong status and a bad division', () => {
    expect(schemas.validate(type, { ...data, record: { ...data.record, shoe_size: 42 } }).valid).toBe(false);
    expect(schemas.validate(type, { ...data, status: 'alive' }).valid).toBe(false);
    expect(schemas.validate(type, { ...data, divisions: ['4401'] }).valid).toBe(false);
    expect(schemas.validate(type, { ...data, changedGroups: ['hobbies'] }).valid).toBe(false);
  });
});
