import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DIVISION_CSV_HEADER, parseDivisionCsv } from './division-csv';
import { GBT2260_HISTORY_CSV } from './gbt2260-history.data';

/**
 * Guards the verbatim copy of yescallop/areacodes result.csv (commit 01929abf…): any accidental edit
 * changes the fingerprint. When the data is refreshed on purpose, update the numbers below and the
 * README in the same change.
 */
describe('GB/T 2260 history data', () => {
  const rows = parseDivisionCsv(GBT2260_HISTORY_CSV);

  it('is the exact text that was copied (length and SHA-256)', () => {
    expect(GBT2260_HISTORY_CSV.length).toBe(320_717);
    expect(createHash('sha256').update(GBT2260_HISTORY_CSV, 'utf8').digest('hex')).toBe(
      '212ace4760f1485191eb6c34d66609ca8907f398954675df4f185c2a42bf5b84',
    );
  });

  it('has the upstream header, 7 647 rows and 6 690 distinct codes', () => {
    expect(GBT2260_HISTORY_CSV.startsWith(`${DIVISION_CSV_HEADER}\n`)).toBe(true);
    expect(GBT2260_HISTORY_CSV.endsWith('\n')).toBe(true);
    expect(rows).toHaveLength(7_647);
    expect(new Set(rows.map((row) => row.code)).size).toBe(6_690);
  });

  it('has only 6-digit codes whose 级别 matches the code structure', () => {
    for (const row of rows) {
      expect(row.code).toMatch(/^\d{6}$/);
      const expected = row.code.endsWith('0000') ? '省级' : row.code.endsWith('00') ? '地级' : '县级';
      expect(row.levelLabel, row.code).toBe(expected);
    }
  });

  it('has no duplicated rows', () => {
    const lines = GBT2260_HISTORY_CSV.trimEnd().split('\n');
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('repeats a (code, name, status) only for two Hunan districts whose periods differ', () => {
    const seen = new Map<string, string>();
    const repeated: string[] = [];
    for (const row of rows) {
      const key = `${row.code}|${row.name}|${row.status}`;
      const period = `${row.since.year}-${row.until?.year ?? ''}`;
      const earlier = seen.get(key);
      if (earlier === undefined) {
        seen.set(key, period);
      } else {
        expect(earlier).not.toBe(period);
        repeated.push(key);
      }
    }
    // Upstream records 东区/西区 of 邵阳市 (1984–1997) and of 衡阳市 (1980–1982) under the same codes.
    expect(repeated).toEqual(['430502|东区|name_retired', '430503|西区|name_retired']);
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

  it('contains the codes the gateway relies on', () => {
    const codes = new Set(rows.map((row) => row.code));
    for (const code of ['110105', '440524', '442000', '510104', '510185', '410100', '440100', '510100', '512081', '350100']) {
      expect(codes.has(code), code).toBe(true);
    }
    // Guangzhou's districts 440103–440118 as assigned; 440108–440110 were never used.
    const guangzhouDistricts = [...codes].filter((code) => code >= '440103' && code <= '440118').sort();
    expect(guangzhouDistricts).toEqual([
      '440103',
      '440104',
      '440105',
      '440106',
      '440107',
      '440111',
      '440112',
      '440113',
      '440114',
      '440115',
      '440116',
      '440117',
      '440118',
    ]);
  });

  it('leaves out the 市辖区 aggregate lines (rebuilt by the registry, e.g. 370101)', () => {
    const codes = new Set(rows.map((row) => row.code));
    expect(codes.has('370101')).toBe(false);
    expect(codes.has('440101')).toBe(false);
  });

  it('covers lists from 1980 up to December 2018', () => {
    const times = rows.flatMap((row) => (row.until === null ? [row.since] : [row.since, row.until]));
    expect(Math.min(...times.map((time) => time.year))).toBe(1980);
    expect(Math.max(...times.map((time) => time.year * 100 + (time.month ?? 0)))).toBe(201812);
  });
});
