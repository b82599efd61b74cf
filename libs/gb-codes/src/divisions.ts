import { formatYearMonth } from './data/division-csv';
import { isDivisionCodeShape, levelOfDivisionCode, type DivisionLevel } from './division-level';
import { divisionRegistry, periodCoversYear, type DivisionEntry } from './division-registry';
import { fail, succeed, type GbCodeResult } from './result';

/**
 * A GB/T 2260 administrative division (county level and above), current or historical.
 *
 * `since`/`until` are `YYYY` or `YYYY-MM` (the MCA lists are dated by year, recent ones by month).
 * A renamed code carries its latest name in `name` and the earlier ones in `formerNames`, latest first.
 */
export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode: string | null;
  /** True when the code is in use in the newest list (2025 with the update layer). */
  current: boolean;
  since: string;
  /** When the code was retired; null for current codes. */
  until: string | null;
  /** Earlier names of this code, latest first; the current name is never repeated here. */
  formerNames: string[];
}

export interface LookupDivisionOptions {
  /**
   * A year: return the division only if the code was in use that year, under the name it had then.
   * Without it, any code that was ever assigned is found, under its latest name.
   */
  at?: number;
}

export interface ValidateDivisionOptions {
  /** Accept retired codes. Default true: IDs and registrations keep the code assigned at the time. */
  allowHistorical?: boolean;
}

export function lookupDivision(code: string, options: LookupDivisionOptions = {}): Division | undefined {
  const entry = findEntry(code);
  if (entry === undefined) return undefined;
  if (options.at === undefined) return toDivision(entry, entry.name);
  const { at } = options;
  const period = entry.periods.find((candidate) => periodCoversYear(candidate, at));
  return period === undefined ? undefined : toDivision(entry, period.name);
}

/** Checks order: length, digits, known to GB/T 2260, then (optionally) still in use. */
export function validateDivisionCode(code: string, options: ValidateDivisionOptions = {}): GbCodeResult<Division> {
  const allowHistorical = options.allowHistorical ?? true;
  if (code.length !== 6) {
    return fail('bad_length', `division code must be 6 digits, got ${code.length} characters`);
  }
  if (!isDivisionCodeShape(code)) {
    return fail('bad_format', 'division code must contain digits only');
  }
  const entry = findEntry(code);
  if (entry === undefined) {
    return fail('unknown_division', `division code ${code} is not a GB/T 2260 division, current or historical`);
  }
  if (!entry.current && !allowHistorical) {
    const retired = entry.until === null ? '' : ` in ${formatYearMonth(entry.until)}`;
    return fail('unknown_division', `division code ${code} was retired${retired}`);
  }
  return succeed(toDivision(entry, entry.name));
}

/** Divisions currently in use whose parent is `code`, sorted by code; empty for unknown codes and leaves. */
export function childDivisions(code: string): Division[] {
  const children = divisionRegistry().currentChildrenByParent.get(code) ?? [];
  return children.map((child) => toDivision(child, child.name));
}

/** The chain above `code`, top down: `[province]` or `[province, prefecture]`; empty for provinces and unknown codes. */
export function divisionAncestors(code: string): Division[] {
  const ancestors: Division[] = [];
  let parentCode = findEntry(code)?.parentCode ?? null;
  while (parentCode !== null) {
    const parent = findEntry(parentCode);
    if (parent === undefined) break;
    ancestors.unshift(toDivision(parent, parent.name));
    parentCode = parent.parentCode;
  }
  return ancestors;
}

/**
 * Level from the code structure (`xx0000` province, `xxyy00` prefecture, else county), whether or not
 * the code was ever assigned. Throws a RangeError when `code` is not 6 digits: that is a caller bug,
 * validate untrusted input with `validateDivisionCode` first.
 */
export function divisionLevel(code: string): DivisionLevel {
  return levelOfDivisionCode(code);
}

/** True when the code was ever assigned (current or historical). Used by the ID validators. */
export function isKnownDivisionCode(code: string): boolean {
  return findEntry(code) !== undefined;
}

function findEntry(code: string): DivisionEntry | undefined {
  if (!isDivisionCodeShape(code)) return undefined;
  return divisionRegistry().byCode.get(code);
}

/** A fresh object each call so that callers cannot corrupt the shared cache. */
function toDivision(entry: DivisionEntry, name: string): Division {
  return {
    code: entry.code,
    name,
    level: entry.level,
    parentCode: entry.parentCode,
    current: entry.current,
    since: formatYearMonth(entry.since),
    until: entry.until === null ? null : formatYearMonth(entry.until),
    formerNames: [...entry.formerNames],
  };
}
