import { describe, expect, it } from 'vitest';
import { chinaDate, workingDaysDeadline } from './working-days';

const plain = { holidays: new Set<string>(), extraWorkdays: new Set<string>() };

describe('working-day deadlines', () => {
  it('counts ten working days after the day of submission, skipping weekends', () => {
    // Monday 2026-11-16 10:00 in Beijing; ten working days later is Monday 2026-11-30, ending at midnight +08:00.
    const deadline = workingDaysDeadline(new Date('2026-11-16T02:00:00Z'), 10, plain);
    expect(deadline.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('uses the Beijing calendar day, not the UTC one', () => {
    // 2026-11-20 23:30 UTC is already Saturday 2026-11-21 in Beijing.
    expect(chinaDate(new Date('2026-11-20T23:30:00Z'))).toBe('2026-11-21');
    const deadline = workingDaysDeadline(new Date('2026-11-20T23:30:00Z'), 1, plain);
    expect(deadline.toISOString()).toBe('2026-11-23T16:00:00.000Z');
  });

  it('skips configured holidays and counts make-up working weekends', () => {
    const calendar = { holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05']), extraWorkdays: new Set(['2026-10-10']) };
    // Wednesday 2026-09-30: 10-01, 10-02 holidays, 10-03/04 weekend, 10-05 holiday, 10-06 … 10-09 work (4), 10-10 make-up (5).
    const deadline = workingDaysDeadline(new Date('2026-09-30T04:00:00Z'), 5, calendar);
    expect(deadline.toISOString()).toBe('2026-10-10T16:00:00.000Z');
  });
});
