import { hasUnstorableText, validationProblem, type FieldViolation } from '@hutong/platform';
import { CQL2_LIMITS, Cql2Error, parseCql2Json, parseCql2Text, type Cql2Expression } from '../cql2';
import { CRS84, parseCrs, type SupportedCrs } from './crs';
import type { Queryable } from './queryables';

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 10_000;

export interface ItemsQuery {
  readonly limit: number;
  readonly offset: number;
  /** In `bbox-crs` axis order as sent; the repository turns it into an envelope. */
  readonly bbox?: { readonly values: readonly number[]; readonly crs: SupportedCrs };
  readonly crs: SupportedCrs;
  /** China calendar dates; an instant has start = end, an open end is null. */
  readonly datetime?: { readonly start: string | null; readonly end: string | null };
  readonly filter?: { readonly expression: Cql2Expression; readonly crs: SupportedCrs };
  /** Property = value query parameters (Part 3, queryables-query-parameters). */
  readonly equals: ReadonlyArray<{ readonly queryable: Queryable; readonly value: string }>;
}

const CORE_PARAMETERS = ['limit', 'offset', 'bbox', 'bbox-crs', 'crs', 'datetime', 'filter', 'filter-lang', 'filter-crs', 'f'];
/** A decimal number PostgreSQL's numeric takes without overflow: at most 40 digits, exponent within ±999. */
const NUMBER = /^[-+]?(\d{1,40}(\.\d{0,40})?|\.\d{1,40})([eE][-+]?\d{1,3})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** What a property = value parameter must look like for its queryable's type (strings take anything). */
const VALUE_SHAPES: Readonly<Record<Queryable['type'], (value: string) => boolean>> = {
  string: (value) => value.length <= 500 && !hasUnstorableText(value),
  integer: (value) => /^[-+]?\d{1,18}$/.test(value),
  number: (value) => NUMBER.test(value),
  boolean: (value) => value === 'true' || value === 'false',
  date: (value) => isRealDate(value),
  timestamp: (value) => isRealDateTime(value),
  geometry: () => false,
};

/**
 * The query parameters of `/collections/{id}/items`, checked strictly: an unknown parameter, a
 * repeated one or a malformed value is a 400 naming it (Part 1 /req/core/query-param-unknown and
 * -invalid); `limit` above the maximum is clamped, not refused.
 */
export function parseItemsQuery(raw: Readonly<Record<string, unknown>>, queryables: readonly Queryable[]): ItemsQuery {
  const violations: FieldViolation[] = [];
  const values = singleValues(raw, queryables, violations);
  const parsed = {
    limit: parseLimit(values.limit, violations),
    offset: parseInteger(values.offset, 'offset', 0, violations),
    crs: values.crs === undefined ? CRS84 : parseCrs(values.crs, 'crs'),
    bbox: parseBbox(values.bbox, values['bbox-crs'], violations),
    datetime: parseDatetime(values.datetime, violations),
    filter: parseFilter(values.filter, values['filter-lang'], values['filter-crs'], violations),
    equals: queryables.flatMap((queryable) => {
      const value = values[queryable.code];
      if (value === undefined) return [];
      if (!VALUE_SHAPES[queryable.type](value)) {
        violations.push({ field: queryable.code, rule: queryable.type, message: `must be a ${queryable.type} value` });
        return [];
      }
      return [{ queryable, value }];
    }),
  };
  if (values.f !== undefined && values.f !== 'json' && values.f !== 'geojson') {
    violations.push({ field: 'f', rule: 'format', message: 'only json (GeoJSON) is served' });
  }
  if (violations.length > 0) throw validationProblem(violations);
  return {
    limit: parsed.limit,
    offset: parsed.offset,
    crs: parsed.crs,
    equals: parsed.equals,
    ...(parsed.bbox ? { bbox: parsed.bbox } : {}),
    ...(parsed.datetime ? { datetime: parsed.datetime } : {}),
    ...(parsed.filter ? { filter: parsed.filter } : {}),
  };
}

function singleValues(
  raw: Readonly<Record<string, unknown>>,
  queryables: readonly Queryable[],
  violations: FieldViolation[],
): Record<string, string | undefined> {
  const known = new Set([...CORE_PARAMETERS, ...queryables.filter((q) => q.type !== 'geometry').map((q) => q.code)]);
  const values: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!known.has(name)) {
      violations.push({ field: name, rule: 'unknown_parameter', message: `not a parameter of this collection's items` });
    } else if (typeof value !== 'string') {
      violations.push({ field: name, rule: 'repeated', message: 'give the parameter once' });
    } else values[name] = value;
  }
  return values;
}

function parseLimit(value: string | undefined, violations: FieldViolation[]): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = parseInteger(value, 'limit', DEFAULT_LIMIT, violations);
  if (limit < 1) violations.push({ field: 'limit', rule: 'minimum', message: 'limit is at least 1' });
  return Math.min(limit, MAX_LIMIT);
}

function parseInteger(value: string | undefined, field: string, fallback: number, violations: FieldViolation[]): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value)) {
    violations.push({ field, rule: 'integer', message: 'must be a non-negative integer' });
    return fallback;
  }
  return Number(value);
}

function parseBbox(
  value: string | undefined,
  crsValue: string | undefined,
  violations: FieldViolation[],
): ItemsQuery['bbox'] | undefined {
  if (value === undefined) {
    if (crsValue !== undefined) violations.push({ field: 'bbox-crs', rule: 'requires_bbox', message: 'bbox-crs goes with bbox' });
    return undefined;
  }
  const parts = value.split(',');
  if ((parts.length !== 4 && parts.length !== 6) || !parts.every((part) => NUMBER.test(part.trim()))) {
    violations.push({ field: 'bbox', rule: 'bbox', message: 'bbox is 4 (or 6) comma-separated numbers' });
    return undefined;
  }
  const numbers = parts.map(Number);
  const [lowX, lowY, highX, highY] = numbers.length === 6 ? [numbers[0], numbers[1], numbers[3], numbers[4]] : numbers;
  if (lowX === undefined || lowY === undefined || highX === undefined || highY === undefined || lowX > highX || lowY > highY) {
    violations.push({
      field: 'bbox',
      rule: 'bbox_order',
      message: 'bbox is lower-left then upper-right corner (an extent across the antimeridian is not served)',
    });
    return undefined;
  }
  return { values: [lowX, lowY, highX, highY], crs: crsValue === undefined ? CRS84 : parseCrs(crsValue, 'bbox-crs') };
}

function parseDatetime(value: string | undefined, violations: FieldViolation[]): ItemsQuery['datetime'] | undefined {
  if (value === undefined) return undefined;
  const bounds = value.split('/');
  if (bounds.length > 2) {
    violations.push({ field: 'datetime', rule: 'datetime', message: 'an instant, or an interval start/end' });
    return undefined;
  }
  const dates = bounds.map((bound) => (bound === '..' || (bound === '' && bounds.length === 2) ? null : chinaDateOf(bound)));
  if (dates.some((date) => date === undefined) || (bounds.length === 2 && dates[0] === null && dates[1] === null)) {
    violations.push({
      field: 'datetime',
      rule: 'datetime',
      message: 'RFC 3339 date or date-time, or an interval of two with .. for an open end',
    });
    return undefined;
  }
  const [start = null, end = start] = dates as Array<string | null>;
  if (start !== null && end !== null && start > end) {
    violations.push({ field: 'datetime', rule: 'interval_order', message: 'the interval ends before it starts' });
    return undefined;
  }
  return { start, end };
}

/** A date, or the China calendar date (UTC+8) of a date-time; undefined if it is neither. */
function chinaDateOf(text: string): string | undefined {
  if (DATE.test(text)) return isRealDate(text) ? text : undefined;
  if (!isRealDateTime(text)) return undefined;
  const date = new Date(Date.parse(text) + 8 * 3600_000).toISOString().slice(0, 10);
  return isRealDate(date) ? date : undefined;
}

function parseFilter(
  text: string | undefined,
  language: string | undefined,
  crsValue: string | undefined,
  violations: FieldViolation[],
): ItemsQuery['filter'] | undefined {
  if (text === undefined) {
    if (language !== undefined || crsValue !== undefined) {
      violations.push({ field: 'filter-lang', rule: 'requires_filter', message: 'filter-lang and filter-crs go with filter' });
    }
    return undefined;
  }
  const crs = crsValue === undefined ? CRS84 : parseCrs(crsValue, 'filter-crs');
  if (text.length > CQL2_LIMITS.maxTextLength) {
    violations.push({
      field: 'filter',
      rule: 'too_complex',
      message: `a filter is at most ${CQL2_LIMITS.maxTextLength} characters`,
    });
    return undefined;
  }
  if (hasUnstorableText(text) || text.includes('\\u0000')) {
    violations.push({ field: 'filter', rule: 'text', message: 'a filter may not contain NUL characters or unpaired surrogates' });
    return undefined;
  }
  try {
    switch (language ?? 'cql2-text') {
      case 'cql2-text':
        return { expression: parseCql2Text(text), crs };
      case 'cql2-json':
        return { expression: parseCql2Json(parseJson(text)), crs };
      default:
        violations.push({ field: 'filter-lang', rule: 'filter_lang', message: 'cql2-text or cql2-json' });
        return undefined;
    }
  } catch (error) {
    if (!(error instanceof Cql2Error)) throw error;
    violations.push({ field: 'filter', rule: error.rule, message: error.message });
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Cql2Error('syntax', 'a cql2-json filter must be JSON');
  }
}

/** A real calendar date from year 1 on (PostgreSQL has no year 0). */
function isRealDate(text: string): boolean {
  if (!DATE.test(text) || text.startsWith('0000')) return false;
  const at = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === text;
}

/** An RFC 3339 date-time PostgreSQL takes: a real date from year 1, an offset within ±15:59. */
function isRealDateTime(text: string): boolean {
  const offset = /([+-])(\d{2}):\d{2}$/i.exec(text);
  return (
    DATE_TIME.test(text) && isRealDate(text.slice(0, 10)) && !Number.isNaN(Date.parse(text)) && Number(offset?.[2] ?? 0) <= 15
  );
}
