/**
 * Generates contracts/events/<type>.json: one JSON Schema (draft 2020-12) per event type, describing
 * the CloudEvent's `data` (ARCHITECTURE §5). The envelope's `dataschema` points at the same file as
 * the gateway serves it: `${PUBLIC_BASE_URL}/contracts/events/<type>.json`.
 *
 *   node -r @swc-node/register scripts/event-schemas.ts           write the files
 *   node -r @swc-node/register scripts/event-schemas.ts --check   fail if a checked-in file is stale,
 *                                                                 missing, or has no definition here
 *
 * The checked-in files are the contract; this script only keeps the fourteen near-identical catalog
 * schemas consistent. `scripts/contracts-events.ts` (npm run contracts:check) runs the check too.
 */
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { staleFiles, writeFiles } from './generated-files';
import { LEGAL_PERSONS, POPULATION, type RegistryDefinition, type RegistryItem } from '@hutong/registries';
import { MACRO_INDICATORS, MACRO_OBSERVATIONS } from '@hutong/macro';
import { SPATIAL_ADDRESSES, SPATIAL_DIVISIONS, SPATIAL_PARCELS, SPATIAL_SERVICE_POINTS } from '@hutong/spatial';

const ROOT = resolve(__dirname, '..');
export const EVENTS_DIR = join(ROOT, 'contracts', 'events');
/** Stable identifiers: the schemas are the same whichever gateway serves them. */
export const SCHEMA_ID_BASE = 'https://hutong.invalid/contracts/events/';
const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

type Schema = Record<string, unknown>;

/** Valid GB 32100 codes (check characters included) used in the schemas' examples. */
const EXAMPLE_PROVIDER = '11330100002489145G';
const EXAMPLE_CONSUMER = '11330100002489153B';

// ---- shared members -------------------------------------------------------------------------------

/** Same rule as the catalog's RESOURCE_CODE_PATTERN: 分类码 (6–12 digits) / 顺序码 (6 digits). */
const resourceCode = (description: string): Schema => ({
  type: 'string',
  description,
  pattern: '^[1-3][0-9]{5}[0-9]{0,6}/[0-9]{6}$',
  examples: ['101001/000001'],
});

/** GB 32100 统一社会信用代码 (structure only; the check character is verified where agencies are registered). */
const creditCode = (description: string): Schema => ({
  type: 'string',
  description,
  pattern: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$',
});

/** The identity library's PRINCIPAL_CODE_PATTERN: an agency's credit code or a staff code such as ops-wang. */
const PRINCIPAL_PATTERN = '^[0-9A-Za-z][0-9A-Za-z._-]{1,63}$';

const reason = (description: string): Schema => ({ type: 'string', description, minLength: 1, maxLength: 2000 });

const SHARING_TYPES = ['unconditional', 'conditional', 'none'] as const;
const REQUEST_STATES = ['pending', 'approved', 'rejected', 'withdrawn', 'escalated', 'refused', 'revoked', 'expired'] as const;

// ---- catalog resources (信息资源目录) ---------------------------------------------------------------

type ResourceAction = 'drafted' | 'revised' | 'submitted' | 'returned' | 'published' | 'retired';

const RESOURCE_EVENTS: Record<ResourceAction, { title: string; description: string }> = {
  drafted: {
    title: 'Catalog entry drafted (信息资源目录草稿)',
    description:
      'A provider agency, or an operator on its behalf, drafted a new catalog entry (信息资源目录). ' +
      'The entry has a resource code (资源代码) from now on but is not visible to other agencies until it is published.',
  },
  revised: {
    title: 'Catalog entry draft revised (修改草稿)',
    description:
      "The draft of a catalog entry was replaced. `name` and `sharingType` are the draft's, not the published version's.",
  },
  submitted: {
    title: 'Catalog entry submitted for review (提交审核)',
    description: "The provider submitted the entry's draft for the operators' review before publication.",
  },
  returned: {
    title: 'Catalog entry returned to the provider (退回修改)',
    description: 'An operator sent the submitted draft back to the provider; `reason` says what to change.',
  },
  published: {
    title: 'Catalog entry published (发布)',
    description:
      'An operator published the submitted draft as a new version of the entry (编目发布): from now on other agencies can ' +
      'find it and, by its sharing type (共享类型), read it or request access to it.',
  },
  retired: {
    title: 'Catalog entry retired (撤销/下架)',
    description:
      'An operator retired a published entry; `reason` says why. Nothing can be read from a retired entry, whatever grants exist.',
  },
};

function resourceSchema(action: ResourceAction): Schema {
  const properties: Record<string, Schema> = {
    code: resourceCode('Resource code (资源代码) of the entry: 分类码/顺序码; also the CloudEvents subject.'),
    provider: creditCode('统一社会信用代码 of the provider agency (提供方) that holds the entry.'),
    name: {
      type: 'string',
      description: 'Resource name (信息资源名称) of the version or draft the event is about.',
      minLength: 1,
      maxLength: 200,
    },
    sharingType: {
      type: 'string',
      description: 'Sharing type (共享类型) of the entry: 无条件共享 / 有条件共享 / 不予共享 (国发〔2016〕51号 Art. 9).',
      enum: [...SHARING_TYPES],
    },
    actor: {
      type: 'string',
      description: 'Principal id of who made the change: an agency credit code or an operator code.',
      pattern: PRINCIPAL_PATTERN,
    },
  };
  const required = ['code', 'provider', 'name', 'sharingType', 'actor'];
  if (action === 'published') {
    properties.version = {
      type: 'integer',
      description: 'The version number the draft became (1 for the first publication).',
      minimum: 1,
    };
    required.push('version');
  }
  if (action === 'returned' || action === 'retired') {
    properties.reason = reason(
      action === 'returned' ? 'What the provider should change (退回理由).' : 'Why the entry was retired.',
    );
    required.push('reason');
  }
  const example: Record<string, unknown> = {
    code: '101001/000001',
    provider: EXAMPLE_PROVIDER,
    name: '人口基础信息',
    sharingType: 'conditional',
    actor: action === 'drafted' || action === 'revised' || action === 'submitted' ? EXAMPLE_PROVIDER : 'ops-wang',
  };
  if (action === 'published') example.version = 1;
  if (action === 'returned') example.reason = '请补充有条件共享的法律依据';
  if (action === 'retired') example.reason = '该资源已由新目录替代';
  return { properties, required, example };
}

// ---- access requests (共享申请) -------------------------------------------------------------------

type RequestAction = 'submitted' | 'approved' | 'rejected' | 'withdrawn' | 'escalated' | 'refused' | 'revoked' | 'expired';

const REQUEST_EVENTS: Record<RequestAction, { state: (typeof REQUEST_STATES)[number]; title: string; description: string }> = {
  submitted: {
    state: 'pending',
    title: 'Access request submitted (共享申请)',
    description:
      'A consumer agency (使用方) applied through the platform for a conditionally shared resource (有条件共享, ' +
      '国发〔2016〕51号 Art. 14). The request now waits for the provider’s answer.',
  },
  approved: {
    state: 'approved',
    title: 'Access request approved (同意共享)',
    description:
      'The provider, or the coordinating authority after an escalation (`coordinated: true`), approved the request. ' +
      'A grant was issued: `grantId`, the granted information items (信息项) and the end of its validity.',
  },
  rejected: {
    state: 'rejected',
    title: 'Access request rejected (不予同意)',
    description: 'The provider refused the request; a refusal must state its reasons (国发〔2016〕51号 Art. 14).',
  },
  withdrawn: {
    state: 'withdrawn',
    title: 'Access request withdrawn (撤回申请)',
    description: 'The consumer agency withdrew its request before it was settled.',
  },
  escalated: {
    state: 'escalated',
    title: 'Access request escalated for coordination (提请协调)',
    description:
      'The consumer still needs the data after a refusal and referred the request to the sharing authority (共享协调机构) ' +
      'for coordination (协调).',
  },
  refused: {
    state: 'refused',
    title: 'Access request refused after coordination (协调后不予共享)',
    description: 'The coordinating authority upheld the refusal; the request is settled and `reason` says why.',
  },
  revoked: {
    state: 'revoked',
    title: 'Granted access revoked (撤销授权)',
    description: 'Access granted earlier was withdrawn by the provider or an operator; `reason` says why.',
  },
  expired: {
    state: 'expired',
    title: 'Access request or grant expired (过期)',
    description: 'The request lapsed without an answer in time, or the access it granted reached the end of its validity.',
  },
};

function requestSchema(action: RequestAction): Schema {
  const { state } = REQUEST_EVENTS[action];
  const properties: Record<string, Schema> = {
    id: { type: 'string', format: 'uuid', description: 'Id of the access request; also the CloudEvents subject.' },
    resource: resourceCode('Resource code (资源代码) of the catalog entry access is requested to.'),
    provider: creditCode('统一社会信用代码 of the provider agency (提供方) that answers the request.'),
    consumer: creditCode('统一社会信用代码 of the consumer agency (使用方) that made the request.'),
    state: {
      type: 'string',
      description: `State of the request after this event: always \`${state}\` for this type.`,
      const: state,
    },
    previousState:
      action === 'submitted'
        ? { type: 'null', description: 'A new request has no previous state.' }
        : { type: 'string', description: 'State of the request before this event.', enum: [...REQUEST_STATES] },
    action: { type: 'string', description: 'The operation that caused the transition.', minLength: 1 },
    actor: {
      type: 'string',
      description:
        'Principal id of who acted (an agency credit code or an operator code), or `system` for timers such as expiry.',
      pattern: PRINCIPAL_PATTERN,
    },
    reason:
      action === 'rejected' || action === 'refused' || action === 'revoked'
        ? reason('Why (理由); required for this type, shown to the other agency.')
        : reason('Why, when the actor gave a reason.'),
    grantId: {
      type: 'string',
      format: 'uuid',
      description: 'Id of the grant (授权) the approval issued or this event concerns.',
    },
    items: {
      type: 'array',
      description: 'Codes of the information items (信息项) requested or granted.',
      items: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' },
      minItems: 1,
      uniqueItems: true,
    },
    validTo: { type: 'string', format: 'date-time', description: 'End of the validity of the grant (授权有效期).' },
    coordinated: {
      type: 'boolean',
      description: 'True when the decision came from coordination (协调) after an escalation rather than from the provider.',
    },
  };
  const required = ['id', 'resource', 'provider', 'consumer', 'state', 'previousState', 'action', 'actor'];
  if (action === 'approved') required.push('grantId', 'items', 'validTo');
  if (action === 'rejected' || action === 'refused' || action === 'revoked') required.push('reason');

  const example: Record<string, unknown> = {
    id: '0b7f6f5e-3c1d-4a8e-9f2b-6d5c4b3a2918',
    resource: '101001/000001',
    provider: EXAMPLE_PROVIDER,
    consumer: EXAMPLE_CONSUMER,
    state,
    previousState: EXAMPLE_PREVIOUS_STATE[action],
    action: EXAMPLE_ACTION[action],
    actor: action === 'submitted' || action === 'withdrawn' || action === 'escalated' ? EXAMPLE_CONSUMER : EXAMPLE_PROVIDER,
  };
  if (action === 'expired') example.actor = 'system';
  if (action === 'refused') example.actor = 'ops-wang';
  if (action === 'submitted') example.items = ['name', 'citizen_id', 'address'];
  if (action === 'approved') {
    Object.assign(example, {
      grantId: '5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      items: ['name', 'address'],
      validTo: '2026-12-31T15:59:59Z',
      coordinated: false,
    });
  }
  if (action === 'rejected') example.reason = '申请用途与本部门职责无关';
  if (action === 'refused') example.reason = '经协调，该数据依法不予共享';
  if (action === 'revoked') {
    example.reason = '使用方超出申请用途使用数据';
    example.grantId = '5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  }
  return { properties, required, example };
}

const EXAMPLE_PREVIOUS_STATE: Record<RequestAction, string | null> = {
  submitted: null,
  approved: 'pending',
  rejected: 'pending',
  withdrawn: 'pending',
  escalated: 'rejected',
  refused: 'escalated',
  revoked: 'approved',
  expired: 'approved',
};
const EXAMPLE_ACTION: Record<RequestAction, string> = {
  submitted: 'submit',
  approved: 'approve',
  rejected: 'reject',
  withdrawn: 'withdraw',
  escalated: 'escalate',
  refused: 'refuse',
  revoked: 'revoke',
  expired: 'expire',
};

// ---- registry records (基础库记录) -----------------------------------------------------------------

type RecordAction = 'registered' | 'updated' | 'status-changed';

const RECORD_EVENTS: Record<RecordAction, { title: string; description: string }> = {
  registered: { title: 'registered (登记)', description: 'A new record was written to the registry.' },
  updated: {
    title: 'updated (变更)',
    description: 'Attribute groups of a record changed; `changedGroups` names them. `record` is the whole new version.',
  },
  'status-changed': {
    title: 'status changed (状态变更)',
    description: 'The status of a record changed (e.g. deceased, 注销 — logical cancellation); `previousStatus` is the old one.',
  },
};

/** A value masked under the consumer's grant (e.g. 440103********123X, 张**): delivery may replace any non-key item so. */
const MASKED: Schema = { type: 'string', pattern: '\\*', description: "masked under the consumer's grant" };
const DIVISION_CODE: Schema = { type: 'string', pattern: '^[0-9]{6}$', description: 'GB/T 2260 division code' };

function itemSchema(item: RegistryItem): Schema {
  const described = { title: item.name, ...(item.description ? { description: item.description } : {}) };
  const typed = ((): Schema => {
    switch (item.dataType) {
      case 'string':
        return {
          type: 'string',
          ...(item.maxLength ? { maxLength: item.maxLength } : {}),
          ...(item.pattern ? { pattern: item.pattern } : {}),
        };
      case 'enum':
        return { type: 'string', enum: [...(item.enumValues ?? [])] };
      case 'integer':
        return { type: 'integer' };
      case 'decimal':
        return { type: 'string', pattern: '^-?[0-9]{1,18}(\\.[0-9]{1,6})?$', description: 'decimal as text, no precision lost' };
      case 'boolean':
        return { type: 'boolean' };
      case 'date':
        return { type: 'string', format: 'date' };
      case 'datetime':
        return { type: 'string', format: 'date-time' };
      case 'citizen_id':
        return { type: 'string', pattern: '^[0-9]{17}[0-9X]$', description: 'GB 11643 公民身份号码' };
      case 'credit_code':
        return creditCode('GB 32100 统一社会信用代码');
      case 'division_code':
        return DIVISION_CODE;
      case 'geometry':
        return item.geometryTypes ? geometrySchema(item.geometryTypes) : { type: 'object' };
      case 'object':
        return { anyOf: [{ type: 'object' }, { type: 'array' }] };
    }
  })();
  return item.key ? { ...typed, ...described } : { ...described, anyOf: [typed, MASKED] };
}

/** An RFC 7946 geometry of the item's types, longitude/latitude in CGCS2000. */
function geometrySchema(types: readonly string[]): Schema {
  return {
    type: 'object',
    description: 'GeoJSON geometry (RFC 7946), CGCS2000 (EPSG:4490) longitude, latitude',
    required: ['type', 'coordinates'],
    additionalProperties: false,
    properties: { type: { type: 'string', enum: [...types] }, coordinates: { type: 'array', minItems: 1 } },
  };
}

function recordSchema(definition: RegistryDefinition, action: RecordAction, example: Record<string, unknown>): Schema {
  const groups = definition.groups.map((group) => group.code);
  const statuses = definition.items.find((item) => item.code === definition.status.item)?.enumValues ?? [];
  const properties: Schema = {
    key: { type: 'string', description: `The record key (${definition.keyItem}); also the CloudEvent subject and Kafka key` },
    version: { type: 'integer', minimum: 1, description: 'The version this event created' },
    record: {
      description:
        'The whole new version, 信息项 code → value. Delivered to a consumer cut to the items of its grant (masked ones masked), or null when none may be shown.',
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(definition.items.map((item) => [item.code, itemSchema(item)])),
        },
        { type: 'null' },
      ],
    },
    divisions:
      definition.scopeItem === undefined
        ? { type: 'array', items: DIVISION_CODE, maxItems: 0, description: 'Always empty: these records belong to no place' }
        : {
            type: 'array',
            items: DIVISION_CODE,
            minItems: 1,
            description: `The row's ${definition.scopeItem}: grants' row scopes apply to it`,
          },
    changedGroups: {
      type: 'array',
      items: { type: 'string', enum: groups },
      description: 'Attribute groups this version changed',
    },
    status: { type: 'string', enum: [...statuses] },
    ...(action === 'registered' ? {} : { previousStatus: { type: 'string', enum: [...statuses] } }),
  };
  return {
    properties,
    required: [
      'key',
      'version',
      'record',
      'divisions',
      'changedGroups',
      'status',
      ...(action === 'registered' ? [] : ['previousStatus']),
    ],
    example: { ...example, ...(action === 'registered' ? { version: 1 } : { previousStatus: example.status }) },
  };
}

// ---- agency datasets ------------------------------------------------------------------------------

const DATASET_EVENTS: Record<RecordAction, { title: string; description: string }> = {
  registered: { title: 'Dataset record created (新增)', description: 'A provider wrote a new record to one of its datasets.' },
  updated: {
    title: 'Dataset record replaced (变更)',
    description: 'A provider replaced a record; `record` is the whole new version.',
  },
  'status-changed': {
    title: 'Dataset record withdrawn (撤回)',
    description: 'A provider withdrew a record (logical delete: it leaves queries, its history stays); `status` is `withdrawn`.',
  },
};

/**
 * One schema per action for every dataset: the members are the registries' record event, plus the
 * dataset that was written. `record` follows that dataset major's own schema, published at
 * GET /agencies/{agency}/datasets/{dataset}/schema?version={major} (contracts/datasets for the seeds).
 */
function datasetRecordSchema(action: RecordAction): Schema {
  const statuses = ['active', 'withdrawn'];
  const example = {
    dataset: { agency: '11440100MB2C01016P', code: 'social-insurance', major: 1 },
    key: '440106198503120314~pension',
    version: 1,
    record: { citizen_id: '440106198503120314', insurance_type: 'pension', insured_status: 'paying', district: '440106' },
    divisions: ['440106'],
    changedGroups: ['record'],
    status: 'active',
  };
  return {
    properties: {
      dataset: {
        type: 'object',
        additionalProperties: false,
        required: ['agency', 'code', 'major'],
        properties: {
          agency: creditCode('The providing agency'),
          code: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,47}$' },
          major: { type: 'integer', minimum: 1 },
        },
      },
      key: { type: 'string', description: 'The record key: its key items, joined by ~ when there are several; also the subject' },
      version: { type: 'integer', minimum: 1 },
      record: {
        description:
          "The whole new version, 信息项 code → value, as the dataset major's schema defines it. Delivered cut to the consumer's grant (masked items masked), or null when none may be shown.",
        oneOf: [{ type: 'object' }, { type: 'null' }],
      },
      divisions: {
        type: 'array',
        items: DIVISION_CODE,
        maxItems: 1,
        description: "The row's scope item value (empty when the dataset has no scope item)",
      },
      changedGroups: {
        type: 'array',
        items: { const: 'record' },
        description: 'Always ["record"]: a dataset record is one group',
      },
      status: { type: 'string', enum: statuses },
      ...(action === 'registered' ? {} : { previousStatus: { type: 'string', enum: statuses } }),
    },
    required: [
      'dataset',
      'key',
      'version',
      'record',
      'divisions',
      'changedGroups',
      'status',
      ...(action === 'registered' ? [] : ['previousStatus']),
    ],
    example:
      action === 'registered'
        ? example
        : { ...example, version: 2, ...(action === 'status-changed' ? { status: 'withdrawn' } : {}), previousStatus: 'active' },
  };
}

const PERSON_EXAMPLE = {
  key: '440103199001010014',
  version: 2,
  record: {
    citizen_id: '440103199001010014',
    name: '张伟',
    sex: '1',
    birth_date: '1990-01-01',
    household_division: '440103',
    status: 'normal',
  },
  divisions: ['440103'],
  changedGroups: ['identity'],
  status: 'normal',
};
const LEGAL_PERSON_EXAMPLE = {
  key: EXAMPLE_PROVIDER,
  version: 2,
  record: {
    credit_code: EXAMPLE_PROVIDER,
    name: '广州示例科技有限公司',
    entity_type: 'enterprise',
    registered_division: '440106',
    status: '存续',
  },
  divisions: ['440106'],
  changedGroups: ['registration'],
  status: '存续',
};
const spatialExample = (key: string, record: Record<string, unknown>, division: string): Record<string, unknown> => ({
  key,
  version: 2,
  record: { ...record, status: 'active' },
  divisions: [division],
  changedGroups: ['feature'],
  status: 'active',
});
const square = (west: number, south: number, size: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [west + size, south],
      [west + size, south + size],
      [west, south + size],
      [west, south],
    ],
  ],
});
const REGISTRIES: Array<{ definition: RegistryDefinition; label: string; example: Record<string, unknown> }> = [
  { definition: POPULATION, label: 'Person (人口)', example: PERSON_EXAMPLE },
  { definition: LEGAL_PERSONS, label: 'Legal person (法人)', example: LEGAL_PERSON_EXAMPLE },
  {
    definition: SPATIAL_DIVISIONS,
    label: 'Division boundary (行政区划)',
    example: spatialExample(
      '440106',
      { division_code: '440106', name: '天河区', level: 'county', parent_code: '440100', geometry: square(113.3, 23.1, 0.1) },
      '440106',
    ),
  },
  {
    definition: SPATIAL_ADDRESSES,
    label: 'Address (门牌地址)',
    example: spatialExample(
      'GZA000000001',
      {
        address_id: 'GZA000000001',
        full_address: '广东省广州市天河区天河路208号',
        division_code: '440106',
        geometry: { type: 'Point', coordinates: [113.3245, 23.1291] },
      },
      '440106',
    ),
  },
  {
    definition: SPATIAL_PARCELS,
    label: 'Land parcel (宗地)',
    example: spatialExample(
      '440106001002JA00001',
      { parcel_code: '440106001002JA00001', division_code: '440106', area: '1250.5', geometry: square(113.45, 23.1, 0.001) },
      '440106',
    ),
  },
  {
    definition: SPATIAL_SERVICE_POINTS,
    label: 'Service point (政务服务网点)',
    example: spatialExample(
      'SP0001',
      {
        point_id: 'SP0001',
        name: '天河区政务服务中心',
        service_type: 'service_center',
        division_code: '440106',
        geometry: { type: 'Point', coordinates: [113.361, 23.125] },
      },
      '440106',
    ),
  },
  {
    definition: MACRO_INDICATORS,
    label: 'Statistical indicator (宏观经济指标)',
    example: {
      key: 'INTERNET_USERS',
      version: 2,
      record: {
        indicator_code: 'INTERNET_USERS',
        name_zh: '互联网用户数',
        name_en: 'Internet users',
        unit: 'users',
        unit_multiplier: 4,
        frequency: 'A',
        source_agency: '成都市统计局',
        topic: 'NETWORK',
        status: 'active',
        status_date: '2026-01-05',
      },
      divisions: [],
      changedGroups: ['indicator'],
      status: 'active',
    },
  },
  {
    definition: MACRO_OBSERVATIONS,
    label: 'Statistical observation (宏观经济观测值)',
    example: {
      key: 'A.510100.INTERNET_USERS.ACTUAL.2010',
      version: 2,
      record: {
        observation_key: 'A.510100.INTERNET_USERS.ACTUAL.2010',
        freq: 'A',
        ref_area: '510100',
        indicator: 'INTERNET_USERS',
        value_type: 'ACTUAL',
        time_period: '2010',
        obs_value: '650',
        comparator: '>',
        obs_status: 'revised',
        source_ref: '003_8e9d7d42d0a139d9.txt',
        status: 'published',
        status_date: '2026-01-05',
      },
      divisions: ['510100'],
      changedGroups: ['observation'],
      status: 'published',
    },
  },
];

// ---- assembly -------------------------------------------------------------------------------------

function document(type: string, title: string, description: string, body: Schema): Schema {
  const { properties, required, example } = body;
  return {
    $schema: DIALECT,
    $id: `${SCHEMA_ID_BASE}${type}.json`,
    title,
    description: `${description}\n\nThe \`data\` of a CloudEvent of type \`${type}\` (datacontenttype application/json).`,
    type: 'object',
    additionalProperties: false,
    required,
    properties,
    examples: [example],
  };
}

/** Every event schema, keyed by event type, in a stable order. */
export function buildEventSchemas(): Map<string, Schema> {
  const schemas = new Map<string, Schema>();
  for (const [action, meta] of Object.entries(RESOURCE_EVENTS) as Array<
    [ResourceAction, (typeof RESOURCE_EVENTS)[ResourceAction]]
  >) {
    const type = `cn.gov.hutong.catalog.resource.${action}.v1`;
    schemas.set(type, document(type, meta.title, meta.description, resourceSchema(action)));
  }
  for (const [action, meta] of Object.entries(REQUEST_EVENTS) as Array<[RequestAction, (typeof REQUEST_EVENTS)[RequestAction]]>) {
    const type = `cn.gov.hutong.catalog.access-request.${action}.v1`;
    schemas.set(type, document(type, meta.title, meta.description, requestSchema(action)));
  }
  for (const { definition, label, example } of REGISTRIES) {
    for (const [action, meta] of Object.entries(RECORD_EVENTS) as Array<[RecordAction, (typeof RECORD_EVENTS)[RecordAction]]>) {
      const type = `cn.gov.hutong.registries.${definition.entity}.${action}.v1`;
      schemas.set(type, document(type, `${label} ${meta.title}`, meta.description, recordSchema(definition, action, example)));
    }
  }
  for (const [action, meta] of Object.entries(DATASET_EVENTS) as Array<[RecordAction, (typeof DATASET_EVENTS)[RecordAction]]>) {
    const type = `cn.gov.hutong.datasets.record.${action}.v1`;
    schemas.set(type, document(type, meta.title, meta.description, datasetRecordSchema(action)));
  }
  return schemas;
}

/** The files as they should be checked in: JSON formatted by the repository's prettier settings. */
export async function renderEventSchemaFiles(): Promise<Map<string, string>> {
  const options = (await resolveConfig(join(EVENTS_DIR, 'x.json'))) ?? {};
  const files = new Map<string, string>();
  for (const [type, schema] of buildEventSchemas()) {
    files.set(`${type}.json`, await format(JSON.stringify(schema), { ...options, parser: 'json' }));
  }
  return files;
}

/** Differences between the checked-in files and the generated ones; empty when they match. */
export async function staleEventSchemaFiles(): Promise<string[]> {
  return staleFiles(EVENTS_DIR, await renderEventSchemaFiles(), 'scripts/event-schemas.ts');
}

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const problems = await staleEventSchemaFiles();
    if (problems.length > 0) {
      process.stderr.write(
        `${problems.map((p) => `contracts/events/${p}`).join('\n')}\nRun \`node -r @swc-node/register scripts/event-schemas.ts\` and commit the result.\n`,
      );
      process.exit(1);
    }
    process.stdout.write('contracts/events matches scripts/event-schemas.ts.\n');
    return;
  }
  const files = await renderEventSchemaFiles();
  writeFiles(EVENTS_DIR, files);
  process.stdout.write(`wrote ${files.size} schemas to ${EVENTS_DIR}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
