import { describe, expect, it } from 'vitest';
import { frequencyOfPeriod, isPeriodOf, periodContaining, periodEnd, periodStart } from './periods';

describe('SDMX reporting periods', () => {
  it('tells the frequency by the syntax, and refuses what no frequency writes', () => {
    expect(['2015', '2015-Q4', '2015-12', '2015-Q5', '2015-13', '15'].map(frequencyOfPeriod)).toEqual([
      'A',
      'Q',
      'M',
      undefined,
      undefined,
      undefined,
    ]);
    expect(isPeriodOf('A', '2015-Q1')).toBe(false);
  });

  it('gives first and last days, leap years and plain dates included', () => {
    expect([periodStart('2016-Q1'), periodEnd('2016-Q1')]).toEqual(['2016-01-01', '2016-03-31']);
    expect([periodStart('2016-02'), periodEnd('2016-02')]).toEqual(['2016-02-01', '2016-02-29']);
    expect([periodStart('2015'), periodEnd('2015')]).toEqual(['2015-01-01', '2015-12-31']);
    expect(periodEnd('2015-02-29')).toBeUndefined();
    expect(periodStart('2015-06-30')).toBe('2015-06-30');
  });

  it('finds the period of each frequency that contains a day', () => {
    expect(['A', 'Q', 'M'].map((f) => periodContaining(f as 'A', '2015-05-20'))).toEqual(['2015', '2015-Q2', '2015-05']);
  });
});
