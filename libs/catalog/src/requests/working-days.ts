/** China Standard Time has no daylight saving: a fixed +08:00 offset is exact. */
const CST_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export interface WorkingCalendar {
  readonly holidays: ReadonlySet<string>;
  /** Weekend days worked instead (调休). */
  readonly extraWorkdays: ReadonlySet<string>;
}

/** The calendar date in China Standard Time, YYYY-MM-DD. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  if (calendar.extraWorkdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The deadline for an answer "within N working days" of `submittedAt`: the end (midnight, China
 * Standard Time) of the Nth working day after the day of submission. The day of submission does
 * not count, as in administrative practice.
 */
export function workingDaysDeadline(submittedAt: Date, workingDays: number, calendar: WorkingCalendar): Date {
  let date = chinaDate(submittedAt);
  let counted = 0;
  while (counted < workingDays) {
    date = nextDate(date);
    if (isWorkingDay(date, calendar)) counted += 1;
  }
  return new Date(Date.parse(`${nextDate(date)}T00:00:00Z`) - CST_OFFSET_MS);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
