import type { ItemDataType, ResourceItem, ResourceMetadata } from '@hutong/catalog';
import type { FieldViolation } from '@hutong/platform';

/** A 信息项 as a dataset column: the catalog item with its dataset flags settled (absent = false). */
export interface DatasetItem extends ResourceItem {
  readonly unique: boolean;
  readonly indexed: boolean;
}

/** A dataset major's record schema, as its catalog entry's current version defines it. */
export interface DatasetSchema {
  readonly name: string;
  readonly summary: string;
  readonly items: readonly DatasetItem[];
  /** The key items in catalog order: one, or several joined by `~` in the record key. */
  readonly keyItems: readonly DatasetItem[];
  /** The division-code item row scopes of grants apply to. */
  readonly scopeItem: string | null;
  /** The catalog version this schema is read from. */
  readonly catalogVersion: number;
}

/** Separates the parts of a composed key in URLs and imports: `91440101MA59XXXXXX~2026-10`. */
export const KEY_SEPARATOR = '~';

/** Item codes the platform keeps in every record (status, composed key): a catalog entry may not use them. */
export const RESERVED_ITEM_CODES: ReadonlySet<string> = new Set(['record_key', 'record_status', 'record_status_date']);

/** Types a key part may have: values with one text form, so a key names one record. */
export const KEY_TYPES: ReadonlySet<ItemDataType> = new Set([
  'string',
  'integer',
  'date',
  'enum',
  'citizen_id',
  'credit_code',
  'division_code',
]);

/** Types a unique item may have: those whose stored text is their identity (no 1.0 = 1.00, no offsets). */
export const UNIQUE_TYPES: ReadonlySet<ItemDataType> = KEY_TYPES;

/** Characters of an indexed text item: 500 four-byte characters still fit a B-tree entry (≈ 2 700 bytes) beside the key. */
export const MAX_INDEXED_TEXT = 500;

/** Each indexed item costs every write an index entry in two partitions: a bound keeps writes fast. */
export const MAX_INDEXED_ITEMS = 16;

export function schemaOf(metadata: ResourceMetadata, catalogVersion: number): DatasetSchema {
  const items = metadata.items.map((item): DatasetItem => ({
    ...item,
    unique: item.unique ?? false,
    indexed: item.indexed ?? false,
  }));
  return {
    name: metadata.name,
    summary: metadata.summary,
    items,
    keyItems: items.filter((item) => item.key),
    scopeItem: metadata.scopeItem,
    catalogVersion,
  };
}

/** Why this catalog version cannot define a dataset; empty when it can. */
export function definabilityViolations(metadata: ResourceMetadata): FieldViolation[] {
  const violations: FieldViolation[] = [];
  if (!metadata.sharing.methods.includes('api')) {
    violations.push({
      field: 'sharing.methods',
      rule: 'api_required',
      message: 'a dataset is shared through its API: the entry must list the method "api" (接口)',
    });
  }
  if (!metadata.items.some((item) => item.key)) {
    violations.push({ field: 'items', rule: 'key_required', message: 'mark one or more items key: they name a record' });
  }
  metadata.items.forEach((item, index) => {
    const field = `items[${index}]`;
    if (RESERVED_ITEM_CODES.has(item.code)) {
      violations.push({
        field: `${field}.code`,
        rule: 'reserved',
        message: `"${item.code}" is kept by the platform in every record`,
      });
    }
    if (item.key && !KEY_TYPES.has(item.dataType)) {
      violations.push({
        field: `${field}.key`,
        rule: 'key_type',
        message: `a ${item.dataType} item cannot be part of a key; key types: ${[...KEY_TYPES].join(', ')}`,
      });
    }
    if (
      (item.indexed === true || item.unique === true || item.key) &&
      item.dataType === 'string' &&
      !(item.maxLength !== null && item.maxLength <= MAX_INDEXED_TEXT)
    ) {
      violations.push({
        field: `${field}.maxLength`,
        rule: 'index_length',
        message: `an indexed, unique or key text item needs a maxLength of at most ${MAX_INDEXED_TEXT} (an index entry holds about 2 700 bytes)`,
      });
    }
    if (item.unique === true && !UNIQUE_TYPES.has(item.dataType)) {
      violations.push({
        field: `${field}.unique`,
        rule: 'unique_type',
        message: `a ${item.dataType} item cannot be unique (equal values have several forms); unique types: ${[...UNIQUE_TYPES].join(', ')}`,
      });
    }
  });
  const indexed = metadata.items.filter((item) => item.indexed === true).length;
  if (indexed > MAX_INDEXED_ITEMS) {
    violations.push({
      field: 'items',
      rule: 'too_many_indexes',
      message: `${indexed} items are indexed; at most ${MAX_INDEXED_ITEMS} (each costs every write)`,
    });
  }
  return violations;
}

export function itemOf(schema: DatasetSchema, code: string): DatasetItem | undefined {
  return schema.items.find((item) => item.code === code);
}
