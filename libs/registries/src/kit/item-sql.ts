import type { ItemDataType } from '@hutong/catalog';

/** How one item of the JSONB record is compared in SQL: the expression indexes are built on, and the type of its parameters. */
export interface ItemSql {
  readonly expression: string;
  readonly parameterType: 'text' | 'bigint' | 'numeric' | 'boolean' | 'timestamptz';
}

const ITEM_CODE = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * The typed SQL expression of an item — the same text in the index definitions and in every query,
 * because PostgreSQL uses an expression index only for an identical expression. Text compares in
 * byte order (`COLLATE "C"`), which keeps prefix matches index-served and ISO dates in date order;
 * date-times go through `hutong_instant` (migration 1795881600000), an immutable parse of RFC 3339
 * text with its offset. The item code is inlined as a literal: it is checked here against the
 * catalog's item-code rule, so nothing but `[a-z0-9_]` ever reaches the SQL.
 */
export function itemSql(item: { readonly code: string; readonly dataType: ItemDataType }): ItemSql {
  if (!ITEM_CODE.test(item.code)) throw new Error(`not an item code: ${JSON.stringify(item.code)}`);
  const text = `(record ->> '${item.code}')`;
  switch (item.dataType) {
    case 'integer':
      return { expression: `(${text}::bigint)`, parameterType: 'bigint' };
    case 'decimal':
      return { expression: `(${text}::numeric)`, parameterType: 'numeric' };
    case 'boolean':
      return { expression: `(${text}::boolean)`, parameterType: 'boolean' };
    case 'datetime':
      return { expression: `hutong_instant${text}`, parameterType: 'timestamptz' };
    case 'geometry':
    case 'object':
      throw new Error(`a ${item.dataType} item has no SQL comparison`);
    default:
      return { expression: `(${text} COLLATE "C")`, parameterType: 'text' };
  }
}

/**
 * A registry code or status as an SQL literal, for predicates that must match a partial index's
 * predicate verbatim (a parameter would leave the planner unable to prove the index applies under
 * a generic plan). Only code-defined values come here; quotes are doubled all the same, and a
 * backslash or NUL is refused outright.
 */
export function sqlLiteral(value: string): string {
  if (/[\\\0]/.test(value) || value.length === 0 || value.length > 100) {
    throw new Error(`cannot be an SQL literal: ${JSON.stringify(value)}`);
  }
  return `'${value.replace(/'/g, "''")}'`;
}
