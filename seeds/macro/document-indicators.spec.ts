import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

/**
 * Checks seeds/macro/document-indicators.csv: indicator values stated in the five source documents
 * (seed-requirements §2(g) G1–G6, §3.1). Every row must quote its source file verbatim.
 */
const CSV_PATH = resolve(__dirname, 'document-indicators.csv');
/** Copies of the five source documents (ARCHITECTURE's domain/source-documents), so every quote is checked in the repository itself. */
const SOURCE_DIR = resolve(__dirname, 'source-documents');

const COLUMNS = [
  'indicator_code',
  'name_zh',
  'name_en',
  'region_code',
  'city',
  'period',
  'frequency',
  'value',
  'unit',
  'unit_multiplier',
  'comparator',
  'value_type',
  'source_file',
  'quote',
] as const;
type Column = (typeof COLUMNS)[number];
type Row = Record<Column, string>;

const CITIES: Record<string, string> = {
  '440100': 'Guangzhou',
  '442000': 'Zhongshan',
  '510100': 'Chengdu',
  '410100': 'Zhengzhou',
};
const COMPARATORS = new Set(['>', '>=', '<=', '~', '=']);
const VALUE_TYPES = new Set(['actual', 'target']);
const CODE = /^[A-Z][A-Z0-9_]{1,39}$/;
const PERIOD = /^\d{4}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;
const MIN_ROWS = 130;

const sourceTexts = new Map<string, string | null>();
function sourceText(file: string): string | null {
  if (!sourceTexts.has(file)) {
    const path = join(SOURCE_DIR, file);
    // A plain file name only: no path separators, no escaping the directory.
    const ok = /^[\w.-]+\.txt$/.test(file) && existsSync(path);
    sourceTexts.set(file, ok ? readFileSync(path, 'utf8') : null);
  }
  return sourceTexts.get(file) ?? null;
}

/** Every problem with one row; an empty list means the row is valid. */
function rowProblems(row: Row): string[] {
  const problems: string[] = [];
  if (!CODE.test(row.indicator_code)) problems.push(`indicator_code ${JSON.stringify(row.indicator_code)}`);
  if (row.name_zh.trim() === '') problems.push('empty name_zh');
  if (row.name_en.trim() === '') problems.push('empty name_en');
  const city = CITIES[row.region_code];
  if (city === undefined) problems.push(`region_code ${JSON.stringify(row.region_code)}`);
  else if (row.city !== city) problems.push(`city ${JSON.stringify(row.city)} does not match region_code ${row.region_code}`);
  if (!PERIOD.test(row.period)) problems.push(`period ${JSON.stringify(row.period)}`);
  if (row.frequency !== 'A') problems.push(`frequency ${JSON.stringify(row.frequency)}`);
  if (!DECIMAL.test(row.value) || !Number.isFinite(Number(row.value))) problems.push(`value ${JSON.stringify(row.value)}`);
  if (row.unit.trim() === '') problems.push('empty unit');
  const multiplier = Number(row.unit_multiplier);
  if (!INTEGER.test(row.unit_multiplier) || multiplier < 0 || multiplier > 12) {
    problems.push(`unit_multiplier ${JSON.stringify(row.unit_multiplier)}`);
  }
  if (!COMPARATORS.has(row.comparator)) problems.push(`comparator ${JSON.stringify(row.comparator)}`);
  if (!VALUE_TYPES.has(row.value_type)) problems.push(`value_type ${JSON.stringify(row.value_type)}`);
  const length = [...row.quote].length;
  if (length < 6 || length > 120) problems.push(`quote is ${length} characters`);
  const text = sourceText(row.source_file);
  if (text === null) problems.push(`source_file ${JSON.stringify(row.source_file)} not found`);
  else if (!text.includes(row.quote)) problems.push(`quote not in ${row.source_file}: ${row.quote}`);
  return problems;
}

/** Rows sharing (indicator_code, region_code, period, value_type) with the same unit. */
function duplicateKeys(rows: readonly Row[]): string[] {
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  rows.forEach((row, index) => {
    const key = [row.indicator_code, row.region_code, row.period, row.value_type, row.unit].join(' | ');
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else duplicates.push(`${key} (data rows ${first + 1} and ${index + 1})`);
  });
  return duplicates;
}

const records: string[][] = parse(readFileSync(CSV_PATH, 'utf8'), { skip_empty_lines: true });
const [header = [], ...body] = records;
const rows: Row[] = body.map((cells) => Object.fromEntries(COLUMNS.map((column, index) => [column, cells[index] ?? ''])) as Row);

describe('seeds/macro/document-indicators.csv', () => {
  it('resolves the source-documents directory', () => {
    expect(existsSync(SOURCE_DIR) && statSync(SOURCE_DIR).isDirectory()).toBe(true);
  });

  it('has exactly the agreed header', () => {
    expect(header).toEqual([...COLUMNS]);
  });

  it('has one cell per column in every row', () => {
    const ragged = body.flatMap((cells, index) =>
      cells.length === COLUMNS.length ? [] : [`data row ${index + 1}: ${cells.length} cells`],
    );
    expect(ragged).toEqual([]);
  });

  it(`has at least ${MIN_ROWS} rows`, () => {
    expect(rows.length).toBeGreaterThanOrEqual(MIN_ROWS);
  });

  it('has valid fields and a verbatim quote in every row', () => {
    const problems = rows.flatMap((row, index) =>
      rowProblems(row).map((problem) => `data row ${index + 1} (${row.indicator_code}): ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('has no two rows for the same indicator, region, period and value type in the same unit', () => {
    expect(duplicateKeys(rows)).toEqual([]);
  });

  it('covers all four cities and all five source files', () => {
    expect(new Set(rows.map((row) => row.region_code))).toEqual(new Set(Object.keys(CITIES)));
    expect(new Set(rows.map((row) => row.source_file)).size).toBe(5);
  });

  it('reports a corrupted row and a duplicate (the checks can fail)', () => {
    const good = rows[0];
    expect(good).toBeDefined();
    if (good === undefined) return;
    expect(rowProblems(good)).toEqual([]);
    const bad: Row = {
      ...good,
      indicator_code: 'lower_case',
      region_code: '110000',
      period: '2005Q1',
      value: '1,000',
      unit_multiplier: '13',
      comparator: '≈',
      value_type: 'plan',
      quote: `${good.quote}（不在原文）`,
    };
    expect(rowProblems(bad)).toHaveLength(8);
    expect(rowProblems({ ...good, source_file: '../secret.txt' })).toEqual([expect.stringContaining('not found')]);
    expect(duplicateKeys([good, { ...good, value: '1' }])).toHaveLength(1);
    expect(duplicateKeys([good, { ...good, unit: 'other unit' }])).toEqual([]);
  });
});
