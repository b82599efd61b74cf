import { describe, expect, it } from 'vitest';
import { DIVISION_CSV_HEADER, formatYearMonth, parseDivisionCsv, parseYearMonth } from './division-csv';

const csv = (...rows: string[]): string => [DIVISION_CSV_HEADER, ...rows].join('\n') + '\n';

describe('parseDivisionCsv', () => {
  it('parses every column of a row', () => {
    const [record] = parseDivisionCsv(csv('130284,河北省,唐山市,滦州市,县级,启用,201812,,否,否,是'));
    expect(record).toEqual({
      code: '130284',
      provinceName: '河北省',
      prefectureName: '唐山市',
      name: '滦州市',
      levelLabel: '县级',
      status: 'in_use',
      since: { year: 2018, month: 12 },
      until: null,
      autonomous: false,
      urbanDistrict: false,
      countyLevelCity: true,
    });
  });

  it('maps the three statuses', () => {
    const records = parseDivisionCsv(
      csv(
        '120110,天津市,直管,东丽区,县级,启用,1992,,否,是,否',
        '120110,天津市,直管,东郊区,县级,名称弃用,1980,1992,否,是,否',
        '110103,北京市,直管,崇文区,县级,代码弃用,1980,2010,否,是,否',
      ),
    );
    expect(records.map((record) => record.status)).toEqual(['in_use', 'name_retired', 'code_retired']);
    expect(records[2]?.until).toEqual({ year: 2010, month: null });
  });

  it('accepts a file without a trailing newline', () => {
    expect(parseDivisionCsv(`${DIVISION_CSV_HEADER}\n110000,北京市,,北京市,省级,启用,1980,,否,否,否`)).toHaveLength(1);
  });

  it.each([
    ['a wrong header', 'code,name\n'],
    ['a short row', csv('110000,北京市,,北京市,省级,启用,1980,,否,否')],
    ['a 5-digit code', csv('11000,北京市,,北京市,省级,启用,1980,,否,否,否')],
    ['an unknown status', csv('110000,北京市,,北京市,省级,撤销,1980,,否,否,否')],
    ['an unknown level', csv('110000,北京市,,北京市,乡级,启用,1980,,否,否,否')],
    ['a bad year', csv('110000,北京市,,北京市,省级,启用,80,,否,否,否')],
    ['a bad month', csv('110000,北京市,,北京市,省级,启用,198013,,否,否,否')],
    ['a bad yes/no flag', csv('110000,北京市,,北京市,省级,启用,1980,,N,否,否')],
  ])('throws on %s: a corrupted data file must not load half-way', (_label, text) => {
    expect(() => parseDivisionCsv(text)).toThrow(Error);
  });
});

describe('year-month values', () => {
  it('parses and formats years and year-months', () => {
    expect(parseYearMonth('1980')).toEqual({ year: 1980, month: null });
    expect(parseYearMonth('201807')).toEqual({ year: 2018, month: 7 });
    expect(formatYearMonth({ year: 1980, month: null })).toBe('1980');
    expect(formatYearMonth({ year: 2018, month: 7 })).toBe('2018-07');
  });
});
