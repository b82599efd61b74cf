import { SHARING_TYPE_LABELS } from '@hutong/catalog';
import { GEOMETRY_TYPES } from '@hutong/registries';
import type { DatasetItem, DatasetSchema } from './dataset-schema';

export type JsonSchema = Record<string, unknown>;

/** Where a dataset major is published; the schema's `$id` is its schema URL under this base. */
export interface DatasetName {
  readonly agency: string;
  readonly code: string;
  readonly major: number;
}

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
/** Stable identifiers: the same schema whichever gateway serves it (as for event schemas). */
export const DATASET_SCHEMA_ID_BASE = 'https://hutong.invalid';

/**
 * The JSON Schema (draft 2020-12) of one record of a dataset major: what a provider PUTs as
 * `record` and an import row carries, and the most a reader gets back (a reader sees only the
 * items granted). The gateway checks more than a schema can say — GB 11643 and GB 32100 check
 * characters, current GB/T 2260 codes, real calendar dates, valid geometries — and says so in the
 * descriptions. `x-hutong` carries what the platform needs that JSON Schema has no word for.
 */
export function jsonSchemaOf(name: DatasetName, schema: DatasetSchema): JsonSchema {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: `${DATASET_SCHEMA_ID_BASE}/agencies/${name.agency}/datasets/${name.code}/schema?version=${name.major}`,
    title: `${schema.name} (v${name.major})`,
    description: schema.summary,
    type: 'object',
    additionalProperties: false,
    required: schema.items.filter((item) => item.required || item.key).map((item) => item.code),
    properties: Object.fromEntries(schema.items.map((item) => [item.code, propertyOf(item)])),
    'x-hutong': {
      agency: name.agency,
      dataset: name.code,
      major: name.major,
      catalogVersion: schema.catalogVersion,
      key: schema.keyItems.map((item) => item.code),
      keySeparator: '~',
      indexed: schema.items.filter((item) => item.indexed).map((item) => item.code),
      unique: schema.items.filter((item) => item.unique).map((item) => item.code),
      sensitive: schema.items.filter((item) => item.sensitive).map((item) => item.code),
      scopeItem: schema.scopeItem,
    },
  };
}

function propertyOf(item: DatasetItem): JsonSchema {
  const notes = [
    item.description,
    SHARING_TYPE_LABELS[item.sharingType],
    item.sensitive ? '敏感 (sensitive)' : null,
    item.indexed ? 'indexed: filter and sort on it' : null,
    item.unique ? 'unique among live records' : null,
  ].filter((note): note is string => note !== null);
  return { title: item.name, ...(notes.length > 0 ? { description: notes.join('; ') } : {}), ...typeOf(item) };
}

function typeOf(item: DatasetItem): JsonSchema {
  switch (item.dataType) {
    case 'string':
      return {
        type: 'string',
        ...(item.maxLength !== null ? { maxLength: item.maxLength } : {}),
        ...(item.pattern !== null ? { pattern: item.pattern } : {}),
      };
    case 'integer':
      return { type: 'integer', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };
    case 'decimal':
      return {
        description: 'a decimal: read back as a string so no digit is lost',
        anyOf: [{ type: 'string', pattern: '^-?[0-9]{1,18}(\\.[0-9]{1,6})?$' }, { type: 'number' }],
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' };
    case 'datetime':
      return { type: 'string', format: 'date-time', pattern: '(Z|[+-][0-9]{2}:[0-9]{2})$' };
    case 'enum':
      return { type: 'string', enum: [...(item.enumValues ?? [])] };
    case 'citizen_id':
      return { type: 'string', pattern: '^[0-9]{17}[0-9Xx]$', $comment: 'GB 11643 公民身份号码; check digit verified' };
    case 'credit_code':
      return {
        type: 'string',
        pattern: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$',
        $comment: 'GB 32100 统一社会信用代码; check character verified',
      };
    case 'division_code':
      return { type: 'string', pattern: '^[0-9]{6}$', $comment: 'GB/T 2260 行政区划代码, a current code' };
    case 'geometry':
      return {
        type: 'object',
        required: ['type', 'coordinates'],
        properties: { type: { enum: [...GEOMETRY_TYPES] }, coordinates: { type: 'array' } },
        $comment: 'GeoJSON geometry in CGCS2000 (EPSG:4490) longitude/latitude; validity checked by PostGIS',
      };
    case 'object':
      return { anyOf: [{ type: 'object' }, { type: 'array' }] };
  }
}
