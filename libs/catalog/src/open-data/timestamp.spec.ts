import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './timestamp';

describe('parseTimestamp', () => {
  it('reads dates and date-times, UTC when no offset is given', () => {
    expect(parseTimestamp('2024-01-31')?.toISOString()).toBe('2024-01-31T00:00:00.000Z');
    expect(parseTimestamp('2024-01-31T08:00')?.toISOString()).toBe('2024-01-31T08:00:00.000Z');
    expect(parseTimestamp('2024-01-31T08:00:00+08:00')?.toISOString()).toBe('2024-01-31T00:00:00.000Z');
    expect(parseTimestamp('2024-01-31T08:00:00.123456')?.toISOString()).toBe('2024-01-31T08:00:00.123Z');
  });

  it.each(['2024-02-30', '2024-13-01', 'yesterday', '2024-01-31T25:00:00Z', '20240131', '2024-01-31 08:00:00'])(
    'refuses %s',
    (text) => {
      expect(parseTimestamp(text)).toBeUndefined();
    },
  );
});
