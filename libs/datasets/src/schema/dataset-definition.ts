import { checkItemValue, GEOMETRY_TYPES, type RegistryDefinition, type RegistryItem } from '@hutong/registries';
import type { FieldViolation } from '@hutong/platform';
import { KEY_SEPARATOR, type DatasetItem, type DatasetSchema } from './dataset-schema';
import type { DatasetName } from './json-schema';

export const RECORD_GROUP = 'record';
export const STATUS_ITEM = 'record_status';
export const STATUS_DATE_ITEM = 'record_status_date';
export const COMPOSED_KEY_ITEM = 'record_key';
export const ACTIVE = 'active';
export const WITHDRAWN = 'withdrawn';

/**
 * A dataset major as a registry of the kit: one attribute group holding every item (a PUT replaces
 * the record), the platform's status items (active → withdrawn by DELETE), the key as the catalog
 * marks it — one item, or several joined by `~` — and events under `cn.gov.hutong.datasets.record.*`
 * carrying the dataset's name. Everything else (writes, history, imports, projection) is the kit's.
 */
export function definitionOf(registry: string, name: DatasetName, schema: DatasetSchema): RegistryDefinition {
  const composed = schema.keyItems.length > 1;
  const keyItem = composed ? COMPOSED_KEY_ITEM : (schema.keyItems[0]?.code ?? COMPOSED_KEY_ITEM);
  const geometryItem = schema.items.find((item) => item.dataType === 'geometry')?.code;
  return {
    code: registry,
    entity: 'record',
    subjectKind: subjectKindOf(schema),
    keyItem,
    ...(schema.scopeItem !== null ? { scopeItem: schema.scopeItem } : {}),
    nameItems: [],
    status: { item: STATUS_ITEM, dateItem: STATUS_DATE_ITEM, initial: ACTIVE, cancelled: WITHDRAWN },
    groups: [{ code: RECORD_GROUP, label: schema.name }],
    items: [...schema.items.map(registryItemOf), ...platformItems(composed)],
    catalog: {
      name: schema.name,
      classification: { category: 'department', item: '00', group: '000', groupLabel: schema.name },
      summary: schema.summary,
      conditions: '',
      legalBasis: '',
      keywords: [],
    },
    ...(geometryItem !== undefined ? { geometryItem } : {}),
    ...(composed ? { keyParts: { items: schema.keyItems.map((item) => item.code), separator: KEY_SEPARATOR } } : {}),
    uniqueItems: schema.items.filter((item) => item.unique).map((item) => item.code),
    events: { domain: 'datasets', context: { dataset: { agency: name.agency, code: name.code, major: name.major } } },
    normalizeKey: (key) => normalizeKey(schema, key),
    derive: (key, record) => deriveKeyItems(schema, key, record),
    crossCheck: () => [],
  };
}

function registryItemOf(item: DatasetItem): RegistryItem {
  return {
    code: item.code,
    name: item.name,
    dataType: item.dataType,
    group: RECORD_GROUP,
    sharingType: item.sharingType,
    sensitive: item.sensitive,
    key: item.key,
    required: item.required || item.key,
    ...(item.maxLength !== null ? { maxLength: item.maxLength } : {}),
    ...(item.pattern !== null ? { pattern: item.pattern } : {}),
    ...(item.enumValues !== null ? { enumValues: item.enumValues } : {}),
    ...(item.dataType === 'geometry' ? { geometryTypes: GEOMETRY_TYPES } : {}),
  };
}

/** The status items every record has, and the composed key; none is in the catalog entry, so no reader is shown them as items. */
function platformItems(composed: boolean): RegistryItem[] {
  const platform = { group: RECORD_GROUP, sharingType: 'unconditional', system: true } as const;
  return [
    { ...platform, code: STATUS_ITEM, name: '记录状态', dataType: 'enum', enumValues: [ACTIVE, WITHDRAWN] },
    { ...platform, code: STATUS_DATE_ITEM, name: '状态变更日期', dataType: 'date' },
    ...(composed ? [{ ...platform, code: COMPOSED_KEY_ITEM, name: '记录键', dataType: 'string' as const, key: true }] : []),
  ];
}

/** Audit subjects are hashed by kind: a dataset keyed by a person's ID is about that person. */
function subjectKindOf(schema: DatasetSchema): RegistryDefinition['subjectKind'] {
  const types = schema.keyItems.map((item) => item.dataType);
  if (types.includes('citizen_id')) return 'citizen';
  return types.includes('credit_code') ? 'organization' : 'record';
}

/** The primary key's B-tree holds entries of about 2 700 bytes: keys stay well inside. */
const MAX_KEY_BYTES = 1_000;

type KeyCheck = { ok: true; key: string } | { ok: false; violation: FieldViolation };

/** Checks each key part as its item (check digits, real dates, enum values) and returns the key in stored form. */
export function normalizeKey(schema: DatasetSchema, raw: string): KeyCheck {
  if (Buffer.byteLength(raw, 'utf8') > MAX_KEY_BYTES) {
    return {
      ok: false,
      violation: { field: 'key', rule: 'key_length', message: `a key is at most ${MAX_KEY_BYTES} bytes of UTF-8` },
    };
  }
  const parts = raw.split(KEY_SEPARATOR);
  const expected = schema.keyItems.map((item) => item.code).join(KEY_SEPARATOR);
  if (parts.length !== schema.keyItems.length) {
    return { ok: false, violation: { field: 'key', rule: 'key_parts', message: `the key is ${expected}` } };
  }
  const normalized: string[] = [];
  for (const [index, item] of schema.keyItems.entries()) {
    const part = keyPartValue(item, parts[index] ?? '');
    if (!part.ok) return { ok: false, violation: { ...part.violation, field: item.code } };
    normalized.push(String(part.value));
  }
  return { ok: true, key: normalized.join(KEY_SEPARATOR) };
}

function keyPartValue(item: DatasetItem, text: string): { ok: true; value: unknown } | { ok: false; violation: FieldViolation } {
  if (text === '' || /[/\\]/.test(text)) {
    return {
      ok: false,
      violation: { field: item.code, rule: 'key_part', message: 'a key part is non-empty and holds no / or \\' },
    };
  }
  const value = item.dataType === 'integer' && /^-?\d{1,16}$/.test(text) ? Number(text) : text;
  return checkItemValue(registryItemOf(item), value, item.code);
}

/** The key items of a record are its key's parts, typed (an integer key part is stored as a number). */
function deriveKeyItems(schema: DatasetSchema, key: string, record: Record<string, unknown>): void {
  const parts = key.split(KEY_SEPARATOR);
  schema.keyItems.forEach((item, index) => {
    const part = keyPartValue(item, parts[index] ?? '');
    if (part.ok) record[item.code] = part.value;
  });
}
