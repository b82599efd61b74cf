import type { Cql2DateLiteral, Cql2IntervalBound, Cql2TimestampLiteral } from './cql2-ast';
import { Cql2Error, quoted } from './cql2-error';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** Reads `YYYY-MM-DD`, refusing dates that do not exist (2023-02-29) and year 0, which PostgreSQL lacks. */
export function readDate(text: string, where: string): Cql2DateLiteral {
  if (!isRealDate(text)) throw new Cql2Error('syntax', `${where}: ${quoted(text)} is not a date (YYYY-MM-DD)`);
  return { kind: 'date', value: text };
}

/**
 * Reads an RFC 3339 date-time. The CQL2 grammar only shows `Z`, but the standard defers to
 * RFC 3339, whose offsets (+08:00) clients in this region send. Lower-case `t`/`z` are made
 * upper-case so that every consumer reads the same text.
 */
export function readTimestamp(text: string, where: string): Cql2TimestampLiteral {
  const match = TIMESTAMP.exec(text);
  if (match === null || !isRealTime(match)) {
    throw new Cql2Error('syntax', `${where}: ${quoted(text)} is not an RFC 3339 timestamp (e.g. 2024-05-01T08:00:00Z)`);
  }
  return { kind: 'timestamp', value: text.toUpperCase() };
}

/** Reads one end of an interval given as a string: `'..'`, a date or a timestamp. */
export function readIntervalBoundString(text: string, where: string): Cql2IntervalBound {
  if (text === '..') return { kind: 'unbounded' };
  if (DATE.test(text)) return readDate(text, where);
  return readTimestamp(text, where);
}

/**
 * Refuses an interval whose literal end comes before its start. Only ends of the same kind are
 * compared: a date against a timestamp depends on the database session's time zone.
 */
export function checkIntervalOrder(start: Cql2IntervalBound, end: Cql2IntervalBound, where: string): void {
  const backwards =
    (start.kind === 'date' && end.kind === 'date' && start.value > end.value) ||
    (start.kind === 'timestamp' && end.kind === 'timestamp' && Date.parse(start.value) > Date.parse(end.value));
  if (backwards) throw new Cql2Error('syntax', `${where}: the interval ends before it starts`);
}

function isRealDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one. setUTCFullYear, unlike Date.UTC, does
  // not read years 1–99 as 19xx.
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

function isRealTime(match: RegExpExecArray): boolean {
  const [, date = '', hour, minute, second, , , offsetHour = '00', offsetMinute = '00'] = match;
  return (
    isRealDate(date) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    // 60 is a leap second, which RFC 3339 allows and PostgreSQL rolls into the next minute.
    Number(second) <= 60 &&
    // PostgreSQL takes offsets up to ±15:59 (real ones end at ±14:00).
    Number(offsetHour) <= 15 &&
    Number(offsetMinute) <= 59
  );
}
