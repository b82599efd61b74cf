/**
 * The Gregorian interval an SDMX reporting period covers, for the `start`/`end` of SDMX-JSON time
 * values. Both ends are inclusive (the field guide's rule), so `end` is the last millisecond.
 * Periods are calendar periods, not instants in a zone: they are given in UTC, as SDMX services do.
 */

export interface PeriodBounds {
  readonly start: string;
  readonly end: string;
}

interface PeriodShape {
  readonly pattern: RegExp;
  /** Month index (0-based) and day the period starts on, and its length in months or days. */
  readonly span: (match: RegExpExecArray) => { month: number; day: number; months?: number; days?: number };
}

const SHAPES: readonly PeriodShape[] = [
  { pattern: /^(\d{4})(?:-A1)?$/, span: () => ({ month: 0, day: 1, months: 12 }) },
  { pattern: /^(\d{4})-S([12])$/, span: (m) => ({ month: (Number(m[2]) - 1) * 6, day: 1, months: 6 }) },
  { pattern: /^(\d{4})-Q([1-4])$/, span: (m) => ({ month: (Number(m[2]) - 1) * 3, day: 1, months: 3 }) },
  { pattern: /^(\d{4})-M?(0[1-9]|1[0-2])$/, span: (m) => ({ month: Number(m[2]) - 1, day: 1, months: 1 }) },
  {
    pattern: /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
    span: (m) => ({ month: Number(m[2]) - 1, day: Number(m[3]), days: 1 }),
  },
];

/** Bounds already computed: a data message names the same few periods again and again. */
const known = new Map<string, PeriodBounds | undefined>();
const KNOWN_LIMIT = 10_000;

/** `undefined` for a period Hutong does not publish (weeks, reporting days…): the time value then has no bounds. */
export function periodBounds(period: string): PeriodBounds | undefined {
  if (known.has(period)) return known.get(period);
  const bounds = computeBounds(period);
  if (known.size >= KNOWN_LIMIT) known.clear();
  known.set(period, bounds);
  return bounds;
}

function computeBounds(period: string): PeriodBounds | undefined {
  for (const shape of SHAPES) {
    const match = shape.pattern.exec(period);
    if (!match) continue;
    const year = Number(match[1]);
    const { month, day, months = 0, days = 0 } = shape.span(match);
    const start = utc(year, month, day);
    // Date.UTC rolls 2015-02-30 over into March; such a day is no period.
    if (new Date(start).getUTCMonth() !== month) return undefined;
    const next = utc(year, month + months, day + days);
    return { start: new Date(start).toISOString(), end: new Date(next - 1).toISOString() };
  }
  return undefined;
}

/** Date.UTC, but a year 0–99 is that year, not 1900–1999. */
function utc(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(2000, 0, 1));
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}
