/**
 * Calendar dates as GB/T 7408 writes them in identifiers: `YYYYMMDD`, proleptic Gregorian.
 */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Returns the date if `yyyymmdd` is 8 digits naming a real day (Feb 29 only in leap years), else undefined. */
export function parseCompactDate(yyyymmdd: string): CalendarDate | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (match === null) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (date.month < 1 || date.month > 12) return undefined;
  if (date.day < 1 || date.day > daysInMonth(date.year, date.month)) return undefined;
  return date;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function formatIsoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

const CHINA_STANDARD_TIME_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The calendar date in China Standard Time (UTC+8, no daylight saving) at `instant`. Birth dates in
 * citizen IDs are Beijing dates, so "not in the future" must not depend on the server's time zone.
 */
export function chinaCalendarDate(instant: Date): CalendarDate {
  const shifted = new Date(instant.getTime() + CHINA_STANDARD_TIME_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
