import { periodBounds } from '../sdmx/sdmx-period';

/**
 * SDMX reporting periods of the three frequencies Hutong keeps: annual `2015`, quarterly
 * `2015-Q1`, monthly `2015-01`. Within one frequency the text sorts as time does, which the
 * period filters rely on (compared in byte order).
 */
export const FREQUENCIES = ['A', 'Q', 'M'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

const PATTERNS: Readonly<Record<Frequency, RegExp>> = {
  A: /^(\d{4})$/,
  Q: /^(\d{4})-Q([1-4])$/,
  M: /^(\d{4})-(0[1-9]|1[0-2])$/,
};

export const PERIOD_EXAMPLES: Readonly<Record<Frequency, string>> = { A: '2015', Q: '2015-Q1', M: '2015-01' };

export function isFrequency(value: unknown): value is Frequency {
  return typeof value === 'string' && (FREQUENCIES as readonly string[]).includes(value);
}

export function isPeriodOf(frequency: Frequency, period: string): boolean {
  return PATTERNS[frequency].test(period);
}

/** The frequency whose period syntax the text has, if any. */
export function frequencyOfPeriod(period: string): Frequency | undefined {
  return FREQUENCIES.find((frequency) => PATTERNS[frequency].test(period));
}

/** First day of a period (any SDMX period syntax, or a plain date `2015-03-15`), as `YYYY-MM-DD`. */
export function periodStart(period: string): string | undefined {
  return periodBounds(period)?.start.slice(0, 10);
}

/** Last day of a period, as `YYYY-MM-DD`. */
export function periodEnd(period: string): string | undefined {
  return periodBounds(period)?.end.slice(0, 10);
}

/** The period of a frequency that contains a day (`2015-05-20` → A `2015`, Q `2015-Q2`, M `2015-05`). */
export function periodContaining(frequency: Frequency, day: string): string {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  if (frequency === 'A') return year;
  if (frequency === 'Q') return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  return day.slice(0, 7);
}
