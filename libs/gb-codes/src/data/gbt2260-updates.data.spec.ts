import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DIVISION_CSV_HEADER, parseDivisionCsv, type YearMonth } from './division-csv';
import { GBT2260_HISTORY_CSV } from './gbt2260-history.data';
import { GBT2260_UPDATES_CSV } from './gbt2260-updates.data';

/**
 * Guards the update layer derived by scripts/derive-updates.ts from the 2019–2025 MCA lists (see the
 * module header). Any hand edit changes the fingerprint; when the layer is regenerated on purpose,
 * update the numbers below, the module header and the README in the same change.
 */
describe('GB/T 2260 update layer', () => {
  const rows = parseDivisionCsv(GBT2260_UPDATES_CSV);
  const history = parseDivisionCsv(GBT2260_HISTORY_CSV);
  const label = (time: YearMonth): string => `${time.year}${time.month === null ? '' : String(time.month).padStart(2, '0')}`;
  const SNAPSHOTS = [
    '201901',
    '201904',
    '201907',
    '201910',
    '201911',
    '201912',
    '2019',
    '202001',
    '202007',
    '202008',
    '202010',
    '202011',
    '202012',
    '2020',
    '2021',
    '2022',
    '2023',
    '2024',
    '2025',
  ];

  it('is the exact text that was derived (length and SHA-256)', () => {
    expect(GBT2260_UPDATES_CSV.length).toBe(6_511);
    expect(createHash('sha256').update(GBT2260_UPDATES_CSV, 'utf8').digest('hex')).toBe(
      '508bdd8a65bbd28b37a5996ca8df6d70f96e3e2139c2d9e1a48bf1c42ec8d7cb',
    );
  });

  it('has the history layer header, 152 rows and 148 distinct codes', () => {
    expect(GBT2260_UPDATES_CSV.startsWith(`${DIVISION_CSV_HEADER}\n`)).toBe(true);
    expect(GBT2260_UPDATES_CSV.endsWith('\n')).toBe(true);
    expect(rows).toHaveLength(152);
    expect(new Set(rows.map((row) => row.code)).size).toBe(148);
  });

  it('adds 70 codes, retires 77 and renames 3', () => {
    const historyCodes = new Set(history.filter((row) => row.status === 'in_use').map((row) => row.code));
    const latest = rows.filter((row) => row.status !== 'name_retired');
    expect(latest.filter((row) => !historyCodes.has(row.code))).toHaveLength(70);
    expect(latest.filter((row) => row.status === 'code_retired')).toHaveLength(77);
    const renamed = [...new Set(rows.filter((row) => row.status === 'name_retired' && row.until!.year >= 2019).map((row) => row.code))];
    expect(renamed).toEqual(['130502', '130503', '630122']);
  });

  it('has exactly one latest-name row (启用 or 代码弃用) per code, listed first', () => {
    const firstStatusByCode = new Map<string, string>();
    const latestRows = new Map<string, number>();
    for (const row of rows) {
      if (!firstStatusByCode.has(row.code)) firstStatusByCode.set(row.code, row.status);
      if (row.status !== 'name_retired') latestRows.set(row.code, (latestRows.get(row.code) ?? 0) + 1);
    }
    for (const [code, status] of firstStatusByCode) {
      expect(status, code).not.toBe('name_retired');
      expect(latestRows.get(code), code).toBe(1);
    }
  });

  it('has only 6-digit codes whose 级别 matches the code structure', () => {
    for (const row of rows) {
      const expected = row.code.endsWith('0000') ? '省级' : row.code.endsWith('00') ? '地级' : '县级';
      expect(row.levelLabel, row.code).toBe(expected);
    }
  });

  it('changes only after December 2018, and only at the dates of the lists it was derived from', () => {
    for (const row of rows) {
      if (row.until !== null && (row.until.year > 2018 || row.since.year > 2018)) {
        expect(SNAPSHOTS, `${row.code} until`).toContain(label(row.until));
      }
      const historyRow = history.find((old) => old.code === row.code && old.name === row.name && label(old.since) === label(row.since));
      if (historyRow === undefined) {
        expect(SNAPSHOTS, `${row.code} since`).toContain(label(row.since));
      }
    }
    const times = rows.flatMap((row) => (row.until === null ? [row.since] : [row.since, row.until]));
    expect(Math.max(...times.map((time) => time.year))).toBe(2025);
  });

  it('keeps the 2018 启用时间 of every code it retires or renames that was in use in 2018', () => {
    for (const old of history.filter((row) => row.status === 'in_use')) {
      const updated = rows.filter((row) => row.code === old.code);
      if (updated.length === 0) continue;
      const continued = updated.find((row) => row.name === old.name && label(row.since) === label(old.since));
      expect(continued, old.code).toBeDefined();
      expect(continued!.until, old.code).not.toBeNull();
      expect(continued!.provinceName, old.code).toBe(old.provinceName);
      expect(continued!.prefectureName, old.code).toBe(old.prefectureName);
    }
  });

  it('is not a copy of history rows: every row differs from the 2018 layer', () => {
    const historyLines = new Set(GBT2260_HISTORY_CSV.trimEnd().split('\n').slice(1));
    for (const line of GBT2260_UPDATES_CSV.trimEnd().split('\n').slice(1)) {
      expect(historyLines.has(line), line).toBe(false);
    }
  });
});
