import { describe, expect, it, vi } from 'vitest';
import type * as DivisionCsv from './data/division-csv';
import { lookupDivision, validateCitizenId } from './index';

const parsing = vi.hoisted(() => ({ calls: 0 }));

vi.mock('./data/division-csv', async (importOriginal) => {
  const actual = await importOriginal<typeof DivisionCsv>();
  return {
    ...actual,
    parseDivisionCsv: (text: string) => {
      parsing.calls += 1;
      return actual.parseDivisionCsv(text);
    },
  };
});

describe('division data loading', () => {
  it('does not parse the list at import time, parses it on first lookup, and only once', () => {
    expect(parsing.calls).toBe(0);
    expect(lookupDivision('440103')?.name).toBe('荔湾区');
    expect(parsing.calls).toBe(1);
    expect(lookupDivision('510185')?.parentCode).toBe('510100');
    expect(validateCitizenId('11010519491231002X', { today: new Date('2025-01-01') }).ok).toBe(true);
    expect(parsing.calls).toBe(1);
  });
});
