import type { FieldViolation } from '@hutong/platform';
import { checkItemValue } from './item-values';
import { itemByCode, itemsOfGroup, type RegistryDefinition } from './registry-definition';

export type RecordValues = Record<string, unknown>;

/** One write to one record: the attribute groups it replaces, with their items' values. */
export interface RecordChange {
  readonly key: string;
  /** Group → its items' values; an item of a sent group that is left out is cleared. */
  readonly groups: Readonly<Record<string, Readonly<RecordValues>>>;
  /** Prefix of violation fields: `groups` for a PUT body, '' for an import row. */
  readonly fieldPrefix: string;
  /** Items left out of a sent group keep their stored values (the registry's `partialImportRows`). */
  readonly partial?: boolean;
  /** A change of the record's life (cancellation) by the kit itself: it may set system items. */
  readonly lifecycle?: boolean;
}

export type BuiltRecord =
  | { ok: true; record: RecordValues; changedGroups: string[]; statusChanged: boolean }
  | { ok: false; violations: FieldViolation[] };

/**
 * Applies a change to the current record (or to nothing, for a new one): checks every sent value,
 * fills derived items, checks required items and the registry's cross-item rules on the result, and
 * says which groups really changed. Pure: the writer decides what to store.
 */
export function buildRecord(definition: RegistryDefinition, current: RecordValues | null, change: RecordChange): BuiltRecord {
  const violations: FieldViolation[] = [];
  const next: RecordValues = { ...(current ?? {}) };
  for (const [group, values] of Object.entries(change.groups)) {
    if (!definition.groups.some((known) => known.code === group)) {
      violations.push({ field: fieldOf(change, group), rule: 'unknown_group', message: `no attribute group "${group}"` });
      continue;
    }
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      violations.push({ field: fieldOf(change, group), rule: 'object', message: 'a group is an object of item → value' });
      continue;
    }
    applyGroup(definition, group, values, change, next, violations);
  }
  if (violations.length > 0) return { ok: false, violations };
  next[definition.keyItem] = change.key;
  applyStatusDefaults(definition, current, next);
  const statusChanged = current !== null && current[definition.status.item] !== next[definition.status.item];
  definition.derive(change.key, next);
  for (const item of definition.items) {
    if (item.required && next[item.code] === undefined) {
      violations.push({ field: pathOf(definition, change, item.code), rule: 'required', message: `${item.name} is required` });
    }
  }
  for (const violation of definition.crossCheck(change.key, next)) {
    violations.push({ ...violation, field: pathOf(definition, change, violation.field) });
  }
  if (violations.length > 0) return { ok: false, violations };
  const changedGroups = definition.groups
    .map((group) => group.code)
    .filter((group) => itemsOfGroup(definition, group).some((item) => !sameValue(current?.[item.code], next[item.code])));
  return { ok: true, record: next, changedGroups, statusChanged };
}

/**
 * A record always has a status: a new one starts in the initial status, and a change that leaves
 * the status out keeps the current one (re-sending a feature or an observation whose status shares
 * its group must not blank the status). The status date follows the status unless it is sent.
 */
function applyStatusDefaults(definition: RegistryDefinition, current: RecordValues | null, next: RecordValues): void {
  const { item, dateItem, initial } = definition.status;
  next[item] ??= current?.[item] ?? initial;
  if (next[dateItem] !== undefined) return;
  const moved = current === null || current[item] !== next[item];
  const kept = moved ? todayInChina() : current[dateItem];
  if (kept !== undefined) next[dateItem] = kept;
}

function applyGroup(
  definition: RegistryDefinition,
  group: string,
  values: Readonly<RecordValues>,
  change: RecordChange,
  next: RecordValues,
  violations: FieldViolation[],
): void {
  for (const code of Object.keys(values)) {
    const item = itemByCode(definition, code);
    if (item?.group !== group) {
      const message = item ? `"${code}" belongs to group ${item.group}` : `no item "${code}"`;
      violations.push({ field: `${fieldOf(change, group)}.${code}`.replace(/^\./, ''), rule: 'unknown_item', message });
    } else if (item.system === true && change.lifecycle !== true) {
      violations.push({
        field: `${fieldOf(change, group)}.${code}`.replace(/^\./, ''),
        rule: 'read_only',
        message: `"${code}" is kept by the platform (DELETE withdraws a record)`,
      });
    }
  }
  for (const item of itemsOfGroup(definition, group)) {
    if (item.key || (item.system === true && change.lifecycle !== true && !Object.hasOwn(values, item.code))) continue;
    const raw = Object.hasOwn(values, item.code) ? values[item.code] : undefined;
    if (raw === undefined && change.partial === true) continue;
    if (raw === undefined || raw === null) {
      delete next[item.code];
      continue;
    }
    const checked = checkItemValue(item, raw, `${fieldOf(change, group)}.${item.code}`.replace(/^\./, ''));
    if (checked.ok) next[item.code] = checked.value;
    else violations.push(checked.violation);
  }
}

/** `groups.residence` for a PUT body; the bare item code for an import row (its group is implied). */
function fieldOf(change: RecordChange, group: string): string {
  return change.fieldPrefix === '' ? '' : `${change.fieldPrefix}.${group}`;
}

function pathOf(definition: RegistryDefinition, change: RecordChange, code: string): string {
  const item = itemByCode(definition, code);
  if (change.fieldPrefix === '' || item === undefined) return code;
  return item.key ? code : `${change.fieldPrefix}.${item.group}.${code}`;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Today's calendar date in China Standard Time (UTC+8), which registry dates are written in. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/**
 * A flat row (import) as a change: each item goes to its group, and every group with an item in
 * the row is sent. Unknown columns are violations, reported with the row.
 */
export function changeFromRow(
  definition: RegistryDefinition,
  row: Readonly<RecordValues>,
): { ok: true; change: RecordChange } | { ok: false; violations: FieldViolation[] } {
  const keyValue = keyText(row[definition.keyItem]) ?? composedKey(definition, row);
  if (keyValue === undefined) {
    return { ok: false, violations: [{ field: definition.keyItem, rule: 'required', message: 'the record key is required' }] };
  }
  const key = definition.normalizeKey(keyValue);
  if (!key.ok) return { ok: false, violations: [key.violation] };
  const groups: Record<string, RecordValues> = {};
  const violations: FieldViolation[] = [];
  for (const [code, value] of Object.entries(row)) {
    const item = itemByCode(definition, code);
    if (!item) violations.push({ field: code, rule: 'unknown_item', message: `no item "${code}"` });
    else if (item.system === true)
      violations.push({ field: code, rule: 'read_only', message: `"${code}" is kept by the platform` });
    else if (!item.key) (groups[item.group] ??= {})[code] = value;
  }
  if (violations.length > 0) return { ok: false, violations };
  return { ok: true, change: { key: key.key, groups, fieldPrefix: '', partial: definition.partialImportRows === true } };
}

/** The key made of the row's key parts, when the registry composes keys and the row has them all. */
function composedKey(definition: RegistryDefinition, row: Readonly<RecordValues>): string | undefined {
  const parts = definition.keyParts?.items.map((code) => keyText(row[code]));
  if (parts === undefined || !parts.every((part) => part !== undefined && part !== '')) return undefined;
  return parts.join(definition.keyParts?.separator ?? '');
}

/** A key (part) as text: NDJSON gives an integer key as a number. */
function keyText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined;
}
