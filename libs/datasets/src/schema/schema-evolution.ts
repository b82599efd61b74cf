import type { FieldViolation } from '@hutong/platform';
import type { DatasetItem, DatasetSchema } from './dataset-schema';

/**
 * What a new catalog version may change within one dataset major: everything a stored record
 * still satisfies and a reader still understands. Adding optional items, widening a length,
 * dropping a length limit, adding enum values, marking an item indexed, a new optional unique item
 * (stored records hold no value of it), integer → decimal and enum → string are compatible; the
 * rest breaks someone and needs a new major. Sharing types and sensitivity are the catalog's
 * business (grants follow them), not the schema's.
 */
export function breakingChanges(before: DatasetSchema, after: DatasetSchema): FieldViolation[] {
  const changes: FieldViolation[] = [];
  const broken = (item: string, rule: string, message: string) => changes.push({ field: `items.${item}`, rule, message });
  const afterByCode = new Map(after.items.map((item) => [item.code, item]));
  for (const old of before.items) {
    const next = afterByCode.get(old.code);
    if (!next) {
      broken(
        old.code,
        'item_removed',
        `"${old.code}" would be removed (a rename is a removal): readers and stored records use it`,
      );
      continue;
    }
    changes.push(...itemChanges(old, next));
  }
  for (const added of after.items.filter((item) => !before.items.some((old) => old.code === item.code))) {
    if (added.required) broken(added.code, 'new_required_item', `new item "${added.code}" is required: stored records lack it`);
    if (added.key)
      broken(added.code, 'key_changed', `new item "${added.code}" would join the key: every record key would change`);
  }
  const keyOf = (schema: DatasetSchema) => schema.keyItems.map((item) => item.code).join('~');
  if (keyOf(before) !== keyOf(after) && changes.every((change) => change.rule !== 'key_changed')) {
    changes.push({
      field: 'key',
      rule: 'key_changed',
      message: `the key would be ${keyOf(after)} instead of ${keyOf(before)}: every stored key would name another record`,
    });
  }
  if (before.scopeItem !== after.scopeItem) {
    changes.push({
      field: 'scopeItem',
      rule: 'scope_item_changed',
      message: `the row-scope item would change from ${before.scopeItem ?? 'none'} to ${after.scopeItem ?? 'none'}: granted row scopes would mean other rows`,
    });
  }
  return changes;
}

/** Widening type changes: every stored value of the old type is a valid value of the new one, in the same JSON form readers accept. */
const WIDENINGS: ReadonlySet<string> = new Set(['integer→decimal', 'enum→string']);

function itemChanges(old: DatasetItem, next: DatasetItem): FieldViolation[] {
  const changes: FieldViolation[] = [];
  const broken = (rule: string, message: string) => changes.push({ field: `items.${old.code}`, rule, message });
  if (old.dataType !== next.dataType && !WIDENINGS.has(`${old.dataType}→${next.dataType}`)) {
    broken('type_changed', `"${old.code}" would change from ${old.dataType} to ${next.dataType}`);
  } else if (old.dataType !== next.dataType && (old.indexed || old.unique)) {
    // Its indexes are built on the old type's SQL: a widened value would not fit them.
    broken('type_changed', `"${old.code}" is indexed as ${old.dataType}: an indexed item keeps its type within a major`);
  }
  if (old.key !== next.key)
    broken('key_changed', `"${old.code}" would ${next.key ? 'join' : 'leave'} the key: record keys would change`);
  if (!old.required && next.required) broken('now_required', `"${old.code}" would become required: stored records may lack it`);
  if (next.maxLength !== null && (old.maxLength === null || next.maxLength < old.maxLength)) {
    broken(
      'length_narrowed',
      `"${old.code}" would allow at most ${next.maxLength} characters (was ${old.maxLength ?? 'unlimited'})`,
    );
  }
  if (next.pattern !== null && next.pattern !== old.pattern) {
    broken('pattern_changed', `"${old.code}" would get a new pattern: stored values may not match it`);
  }
  const removedValues = (old.enumValues ?? []).filter(
    (value) => next.dataType === 'enum' && !(next.enumValues ?? []).includes(value),
  );
  if (removedValues.length > 0) broken('enum_values_removed', `"${old.code}" would lose the values ${removedValues.join(', ')}`);
  if (!old.unique && next.unique) broken('now_unique', `"${old.code}" would become unique: stored records may share values`);
  if (old.indexed && !next.indexed) broken('index_removed', `"${old.code}" would no longer be indexed: readers filter on it`);
  return changes;
}
