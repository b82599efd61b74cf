import { describe, expect, it } from 'vitest';
import { DIVISION_CSV_HEADER, parseDivisionCsv } from '../src/data/division-csv';
import { GBT2260_HISTORY_CSV } from '../src/data/gbt2260-history.data';
import {
  deriveUpdates,
  historySpans,
  parseListFile,
  prefectureColumnOf,
  snapshotOrder,
  timeLabel,
  type ListSnapshot,
} from './derive-updates';

const csv = (...rows: string[]): string => [DIVISION_CSV_HEADER, ...rows].join('\n') + '\n';
const snapshot = (label: string, lines: string): ListSnapshot => ({ label, names: parseListFile(lines, `${label}.txt`) });

describe('parseListFile', () => {
  it('reads tab- or space-separated lines, with or without BOM, CRLF and final newline', () => {
    const names = parseListFile('\uFEFF110000\t北京市\r\n110101 东城区\n\n110102  西城区', 'x.txt');
    expect([...names]).toEqual([
      ['110000', '北京市'],
      ['110101', '东城区'],
      ['110102', '西城区'],
    ]);
  });

  it('throws on a line that is not a code line and on a repeated code', () => {
    expect(() => parseListFile('11000\t北京市\n', 'x.txt')).toThrow(/x\.txt line 1/);
    expect(() => parseListFile('110000\t北京市\n110000\t北京\n', 'x.txt')).toThrow(/listed twice/);
  });
});

describe('snapshotOrder', () => {
  it('puts a yearly list after the month lists of its year', () => {
    const labels = ['2020', '202001', '2019', '201912', '201904'].sort((a, b) => snapshotOrder(a) - snapshotOrder(b));
    expect(labels).toEqual(['201904', '201912', '2019', '202001', '2020']);
  });

  it('rejects anything else', () => {
    expect(() => snapshotOrder('201913')).toThrow();
    expect(() => snapshotOrder('19')).toThrow();
  });
});

describe('deriveUpdates', () => {
  const history = parseDivisionCsv(
    csv(
      '510000,四川省,,四川省,省级,启用,1980,,否,否,否',
      '510100,四川省,成都市,成都市,地级,启用,1980,,否,否,否',
      '510104,四川省,成都市,锦江区,县级,启用,1990,,否,是,否',
      '510105,四川省,成都市,青羊区,县级,启用,1990,,否,是,否',
      '510110,四川省,成都市,郊区,县级,代码弃用,1980,1990,否,是,否',
      '510132,四川省,成都市,新津县,县级,启用,1983,,否,否,否',
      '510132,四川省,成都市,新津镇,县级,名称弃用,1980,1983,否,否,否',
    ),
  );
  const base = '510000 四川省\n510100 成都市\n510104 锦江区\n510105 青羊区\n';
  const result = deriveUpdates(history, [
    snapshot('2022', `${base.replace('锦江区', '锦江新区')}510110 新区\n510118 新津区\n`),
    snapshot('202007', `${base}510118 新津区\n`),
    snapshot('2020', `${base}510110 新区\n510118 新津区\n`),
    snapshot('2021', '510000 四川省\n510100 成都市\n510104 锦江区\n510110 新区\n510118 新津区\n'),
  ]);

  it('writes the complete post-2018 story of every touched code, and nothing about untouched codes', () => {
    expect(result.csv).toBe(
      csv(
        // Renamed in 2022: the 2018 period closes, keeping its 启用时间.
        '510104,四川省,成都市,锦江新区,县级,启用,2022,,否,是,否',
        '510104,四川省,成都市,锦江区,县级,名称弃用,1990,2022,否,是,否',
        // 510105 is missing from 2021 only and listed again under the same name: bridged, not mentioned.
        // Retired in 1990, listed again from 2020: the old period becomes a 名称弃用 row.
        '510110,四川省,成都市,新区,县级,启用,2020,,否,是,否',
        '510110,四川省,成都市,郊区,县级,名称弃用,1980,1990,否,是,否',
        // New in 202007.
        '510118,四川省,成都市,新津区,县级,启用,202007,,否,是,否',
        // Gone from 202007 on; its 2018 启用时间 is kept, its earlier name stays in the 2018 layer.
        '510132,四川省,成都市,新津县,县级,代码弃用,1983,202007,否,否,否',
      ),
    );
    expect(result.added).toEqual(['510110', '510118']);
    expect(result.retired).toEqual(['510132']);
    expect(result.renamed).toEqual(['510104']);
    expect(result.notes).toEqual([
      '510105 青羊区: missing from 2021, listed again in 2022 under the same name; treated as in use throughout',
      '510110: retired in the 2018 layer as 郊区, listed again from 2020 as 新区',
    ]);
  });

  it('refuses two lists for the same snapshot', () => {
    expect(() => deriveUpdates(history, [snapshot('2020', base), snapshot('2020', base)])).toThrow(/two snapshots/);
  });
});

describe('prefectureColumnOf', () => {
  it('fills 二级行政区 as upstream did for every row of the 2018 layer but one', () => {
    const history = parseDivisionCsv(GBT2260_HISTORY_CSV);
    const spans = historySpans(history);
    const mismatches = history.filter(
      (row) =>
        prefectureColumnOf(spans, row.code, row.name, timeLabel(row.since), row.until === null ? null : timeLabel(row.until)) !==
        row.prefectureName,
    );
    // 441001 潮州市 (1983–1984) is filed under 海口市 upstream although 441000 海口市 was not listed 1983–1987.
    expect(mismatches.map((row) => row.code)).toEqual(['441001']);
  });
});
