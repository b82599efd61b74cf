import { describe, expect, it, vi } from 'vitest';
import type * as DivisionCsv from './data/division-csv';
import { DIVISION_CSV_HEADER, parseDivisionCsv } from './data/division-csv';
import { GBT2260_HISTORY_CSV } from './data/gbt2260-history.data';
import { GBT2260_UPDATES_CSV } from './data/gbt2260-updates.data';
import { mergeDivisionLayers } from './division-registry';
import { lookupDivision, validateCitizenId } from './index';

const parsing = vi.hoisted(() => ({ texts: [] as string[] }));

vi.mock('./data/division-csv', async (importOriginal) => {
  const actual = await importOriginal<typeof DivisionCsv>();
  return {
    ...actual,
    parseDivisionCsv: (text: string) => {
      parsing.texts.push(text);
      return actual.parseDivisionCsv(text);
    },
  };
});

describe('division data loading', () => {
  it('does not parse the lists at import time, parses both layers on first lookup, and only once', () => {
    expect(parsing.texts).toHaveLength(0);
    expect(lookupDivision('440103')?.name).toBe('荔湾区');
    // One parse per layer: the 2018 history copy and the update layer.
    expect(parsing.texts).toEqual([GBT2260_HISTORY_CSV, GBT2260_UPDATES_CSV]);
    expect(lookupDivision('510185')?.parentCode).toBe('510100');
    expect(lookupDivision('510118')?.name).toBe('新津区');
    expect(validateCitizenId('11010519491231002X', { today: new Date('2025-01-01') }).ok).toBe(true);
    expect(parsing.texts).toHaveLength(2);
  });
});

describe('mergeDivisionLayers', () => {
  const csv = (...rows: string[]): string => [DIVISION_CSV_HEADER, ...rows].join('\n') + '\n';
  // Built inside the tests: parseDivisionCsv is the spied one, and the loading test must see only the library's calls.
  const historyRows = (): DivisionCsv.DivisionRecord[] =>
    parseDivisionCsv(
      csv(
        '510100,四川省,成都市,成都市,地级,启用,1980,,否,否,否',
        '510132,四川省,成都市,新津县,县级,启用,1983,,否,否,否',
        '120110,天津市,直管,东丽区,县级,启用,1992,,否,是,否',
        '120110,天津市,直管,东郊区,县级,名称弃用,1980,1992,否,是,否',
      ),
    );
  const summary = (rows: readonly DivisionCsv.DivisionRecord[]): string[] =>
    rows.map((row) => `${row.code} ${row.name} ${row.status} ${row.until?.year ?? ''}`);

  it('lets an update row replace the latest-name row of its code and keeps the earlier names', () => {
    const updates = parseDivisionCsv(
      csv(
        '510118,四川省,成都市,新津区,县级,启用,202007,,否,是,否',
        '510132,四川省,成都市,新津县,县级,代码弃用,1983,202007,否,否,否',
        '120110,天津市,直管,东丽新区,县级,启用,2030,,否,是,否',
        '120110,天津市,直管,东丽区,县级,名称弃用,1992,2030,否,是,否',
      ),
    );
    expect(summary(mergeDivisionLayers(historyRows(), updates))).toEqual([
      '510100 成都市 in_use ',
      '120110 东郊区 name_retired 1992',
      '510118 新津区 in_use ',
      '510132 新津县 code_retired 2020',
      '120110 东丽新区 in_use ',
      '120110 东丽区 name_retired 2030',
    ]);
  });

  it('returns the history layer unchanged when there are no updates', () => {
    const history = historyRows();
    expect(mergeDivisionLayers(history, [])).toEqual(history);
  });

  it.each([
    ['no latest-name row', ['510132,四川省,成都市,新津县,县级,名称弃用,1983,2020,否,否,否']],
    [
      'two latest-name rows',
      ['510118,四川省,成都市,新津区,县级,启用,2020,,否,是,否', '510118,四川省,成都市,新津区,县级,代码弃用,2020,2021,否,是,否'],
    ],
  ])('throws when a code of the update layer has %s', (_label, rows) => {
    expect(() => mergeDivisionLayers(historyRows(), parseDivisionCsv(csv(...rows)))).toThrow(/510/);
  });
});
