import { describe, expect, it } from 'vitest';
import { chinaCalendarDate, compareDates, daysInMonth, formatIsoDate, isLeapYear, parseCompactDate } from './calendar-date';

describe('calendar dates', () => {
  it('applies the Gregorian leap-year rule (÷4, not ÷100 unless ÷400)', () => {
    expect([1996, 2000, 2024, 1600].map(isLeapYear)).toEqual([true, true, true, true]);
    expect([1900, 2023, 2100, 1800].map(isLeapYear)).toEqual([false, false, false, false]);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2023, 4)).toBe(30);
    expect(daysInMonth(2023, 12)).toBe(31);
  });

  it('parses real YYYYMMDD dates only', () => {
    expect(parseCompactDate('20000229')).toEqual({ year: 2000, month: 2, day: 29 });
    expect(parseCompactDate('19491231')).toEqual({ year: 1949, month: 12, day: 31 });
    for (const bad of ['19000229', '20230229', '19490431', '19491301', '19490001', '19490100', '1949123', '1949-12-31']) {
      expect(parseCompactDate(bad), bad).toBeUndefined();
    }
  });

  it('formats and compares', () => {
    expect(formatIsoDate({ year: 1949, month: 1, day: 2 })).toBe('1949-01-02');
    expect(compareDates({ year: 2020, month: 1, day: 2 }, { year: 2020, month: 1, day: 1 })).toBeGreaterThan(0);
    expect(compareDates({ year: 2020, month: 1, day: 1 }, { year: 2020, month: 1, day: 1 })).toBe(0);
  });

  it('takes "today" in China Standard Time, whatever the server zone', () => {
    // 2024-03-01 16:30 UTC is already 2024-03-02 00:30 in Beijing.
    expect(chinaCalendarDate(new Date('2024-03-01T16:30:00Z'))).toEqual({ year: 2024, month: 3, day: 2 });
    expect(chinaCalendarDate(new Date('2024-03-01T15:59:59Z'))).toEqual({ year: 2024, month: 3, day: 1 });
  });
});
