import type { RegistryDefinition, RegistryItem } from '@hutong/registries';
import type { Cql2PropertyType } from '../cql2';

/** An item one may filter on: its CQL2 type, its SQL over `registry_records r`, its JSON Schema. */
export interface Queryable {
  readonly code: string;
  readonly item: RegistryItem;
  readonly type: Cql2PropertyType;
  readonly sql: string;
}

const SAFE_CODE = /^[a-z][a-z0-9_]*$/;

/**
 * The queryables of a collection: every item but JSON objects. Item codes come from the registry
 * definition (code, not input) and are checked against a strict pattern before they are written
 * into SQL; values never are — they are always bind parameters.
 */
export function queryablesOf(definition: RegistryDefinition): Queryable[] {
  return definition.items.flatMap((item): Queryable[] => {
    const type = cql2TypeOf(item);
    if (type === undefined) return [];
    if (!SAFE_CODE.test(item.code)) throw new Error(`item code ${item.code} cannot be a queryable`);
    return [{ code: item.code, item, type, sql: sqlOf(item.code, type) }];
  });
}

function cql2TypeOf(item: RegistryItem): Cql2PropertyType | undefined {
  switch (item.dataType) {
    case 'integer':
      return 'integer';
    case 'decimal':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamp';
    case 'geometry':
      return 'geometry';
    case 'object':
      return undefined;
    default:
      return 'string';
  }
}

function sqlOf(code: string, type: Cql2PropertyType): string {
  const text = `(r.record ->> '${code}')`;
  switch (type) {
    case 'geometry':
      return 'r.geom';
    case 'integer':
    case 'number':
      return `${text}::numeric`;
    case 'boolean':
      return `${text}::boolean`;
    case 'date':
      return `${text}::date`;
    case 'timestamp':
      return `${text}::timestamptz`;
    case 'string':
      return text;
  }
}

/** The queryables document (`application/schema+json`, JSON Schema 2020-12) of a collection. */
export function queryablesSchema(title: string, id: string, queryables: readonly Queryable[]): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: id,
    type: 'object',
    title,
    properties: Object.fromEntries(queryables.map((queryable) => [queryable.code, propertySchema(queryable)])),
    additionalProperties: false,
  };
}

function propertySchema({ item, type }: Queryable): Record<string, unknown> {
  const described = { title: item.name, ...(item.description ? { description: item.description } : {}) };
  switch (type) {
    case 'geometry':
      return { ...described, format: geometryFormat(item.geometryTypes ?? []) };
    case 'integer':
      return { ...described, type: 'integer' };
    case 'number':
      return { ...described, type: 'number' };
    case 'boolean':
      return { ...described, type: 'boolean' };
    case 'date':
      return { ...described, type: 'string', format: 'date' };
    case 'timestamp':
      return { ...described, type: 'string', format: 'date-time' };
    case 'string':
      return {
        ...described,
        type: 'string',
        ...(item.enumValues ? { enum: [...item.enumValues] } : {}),
        ...(item.maxLength !== undefined ? { maxLength: item.maxLength } : {}),
      };
  }
}

/** Part 3's geometry formats: one per GeoJSON type, `geometry-any` for a mix. */
function geometryFormat(types: readonly string[]): string {
  const [only] = types;
  return types.length === 1 && only !== undefined ? `geometry-${only.toLowerCase()}` : 'geometry-any';
}
