import { parseDivisionCsv, type DivisionRecord, type YearMonth } from './data/division-csv';
import { GBT2260_HISTORY_CSV } from './data/gbt2260-history.data';
import { GBT2260_UPDATES_CSV } from './data/gbt2260-updates.data';
import { levelOfDivisionCode, type DivisionLevel } from './division-level';

/** One period during which a code carried one name. */
export interface DivisionNamePeriod {
  readonly name: string;
  readonly since: YearMonth;
  /** null while the period is still running. */
  readonly until: YearMonth | null;
}

export interface DivisionEntry {
  readonly code: string;
  /** Latest name (the row that is in use or, for a retired code, the name it had when retired). */
  readonly name: string;
  readonly level: DivisionLevel;
  readonly parentCode: string | null;
  /** True when the code is in the newest list (2025, through the update layer). */
  readonly current: boolean;
  /** Earliest time any row of this code appears. */
  readonly since: YearMonth;
  /** When the code was retired; null for current codes. */
  readonly until: YearMonth | null;
  /** Every naming period, latest first. */
  readonly periods: readonly DivisionNamePeriod[];
  /** Earlier names, latest first, without duplicates and without the current name. */
  readonly formerNames: readonly string[];
  /**
   * True for the synthetic "市辖区" (urban districts taken together) unit of a prefecture-level city,
   * see `URBAN_DISTRICTS_NAME`.
   */
  readonly urbanDistrictsAggregate: boolean;
}

export interface DivisionRegistry {
  readonly byCode: ReadonlyMap<string, DivisionEntry>;
  /** Current, real (non-synthetic) divisions grouped by parent code, each list sorted by code. */
  readonly currentChildrenByParent: ReadonlyMap<string, readonly DivisionEntry[]>;
}

/**
 * The MCA lists used to carry, for every prefecture-level city with districts, a line `xxyy01 市辖区`
 * standing for all its urban districts. Public security bureaus assigned that code as the ID address
 * code to residents registered in the urban area (e.g. 370101 济南市市辖区 in the GB 11643 vector
 * 370101190102039973). yescallop/areacodes leaves these lines out, so they are rebuilt here: `xxyy01`
 * is recognised when `xxyy00` is a city (its name ends in 市) that has had at least one urban
 * district (是否市辖区 = 是) and no real row uses `xxyy01`. It lives as long as the city code does.
 */
export const URBAN_DISTRICTS_NAME = '市辖区';

let cachedRegistry: DivisionRegistry | undefined;

/**
 * Both layers are parsed on first use, merged, then cached: importing the library must stay cheap.
 * The 2018 history layer is the verbatim upstream copy; the update layer carries what changed since.
 */
export function divisionRegistry(): DivisionRegistry {
  cachedRegistry ??= buildDivisionRegistry(
    mergeDivisionLayers(parseDivisionCsv(GBT2260_HISTORY_CSV), parseDivisionCsv(GBT2260_UPDATES_CSV)),
  );
  return cachedRegistry;
}

/**
 * Overlays the update layer on the 2018 history layer. For every code that has rows in `updates`,
 * those rows replace the history layer's latest-name row (启用 or 代码弃用) of that code — the update
 * layer restates the period that was running in 2018 with its new end, and a re-listed code's old
 * period as a 名称弃用 row — while the history layer's 名称弃用 rows (earlier names) are kept.
 * Codes without update rows are taken from the history layer unchanged.
 *
 * Throws when a code in `updates` does not have exactly one 启用 or 代码弃用 row: the layer would be
 * ambiguous, which is a broken data file, not user input.
 */
export function mergeDivisionLayers(history: readonly DivisionRecord[], updates: readonly DivisionRecord[]): DivisionRecord[] {
  const latestRowsByCode = new Map<string, number>();
  for (const record of updates) {
    const count = latestRowsByCode.get(record.code) ?? 0;
    latestRowsByCode.set(record.code, record.status === 'name_retired' ? count : count + 1);
  }
  for (const [code, count] of latestRowsByCode) {
    if (count !== 1) {
      throw new Error(`GB/T 2260 update layer: code ${code} has ${count} 启用/代码弃用 rows, expected 1`);
    }
  }
  const kept = history.filter((record) => !latestRowsByCode.has(record.code) || record.status === 'name_retired');
  return [...kept, ...updates];
}

export function buildDivisionRegistry(records: readonly DivisionRecord[]): DivisionRegistry {
  const recordsByCode = groupByCode(records);
  const realCodes = new Set(recordsByCode.keys());
  const byCode = new Map<string, DivisionEntry>();
  for (const [code, codeRecords] of recordsByCode) {
    byCode.set(code, entryFromRecords(code, codeRecords, realCodes));
  }
  for (const aggregate of urbanDistrictAggregates(recordsByCode, byCode)) {
    byCode.set(aggregate.code, aggregate);
  }
  return { byCode, currentChildrenByParent: indexCurrentChildren(byCode) };
}

function groupByCode(records: readonly DivisionRecord[]): Map<string, DivisionRecord[]> {
  const grouped = new Map<string, DivisionRecord[]>();
  for (const record of records) {
    const group = grouped.get(record.code);
    if (group === undefined) {
      grouped.set(record.code, [record]);
    } else {
      group.push(record);
    }
  }
  return grouped;
}

function entryFromRecords(code: string, records: readonly DivisionRecord[], realCodes: ReadonlySet<string>): DivisionEntry {
  const primary = records.find((record) => record.status !== 'name_retired');
  if (primary === undefined) {
    throw new Error(`GB/T 2260 data: code ${code} has only earlier-name rows`);
  }
  const periods = records
    .map((record) => ({ name: record.name, since: record.since, until: record.until }))
    .sort((a, b) => compareYearMonth(b.since, a.since));
  return {
    code,
    name: primary.name,
    level: levelOfDivisionCode(code),
    parentCode: parentCodeOf(code, realCodes),
    current: primary.status === 'in_use',
    since: periods.reduce(
      (earliest, period) => (compareYearMonth(period.since, earliest) < 0 ? period.since : earliest),
      primary.since,
    ),
    until: primary.status === 'in_use' ? null : primary.until,
    periods,
    formerNames: formerNamesOf(primary.name, records),
    urbanDistrictsAggregate: false,
  };
}

function formerNamesOf(currentName: string, records: readonly DivisionRecord[]): string[] {
  const earlier = records
    .filter((record) => record.status === 'name_retired' && record.name !== currentName)
    .sort((a, b) => compareYearMonth(b.since, a.since))
    .map((record) => record.name);
  return [...new Set(earlier)];
}

/**
 * Parent from the code structure alone (GB/T 2260 §4): a county's parent is `xxyy00` when that code
 * exists (at any time), otherwise the province, as for municipal districts (110105 → 110000) and
 * province-administered county-level units (429004 仙桃市 → 420000).
 */
function parentCodeOf(code: string, knownCodes: ReadonlySet<string>): string | null {
  const provinceCode = `${code.slice(0, 2)}0000`;
  switch (levelOfDivisionCode(code)) {
    case 'province':
      return null;
    case 'prefecture':
      return knownCodes.has(provinceCode) ? provinceCode : null;
    case 'county': {
      const prefectureCode = `${code.slice(0, 4)}00`;
      if (knownCodes.has(prefectureCode)) return prefectureCode;
      return knownCodes.has(provinceCode) ? provinceCode : null;
    }
  }
}

function urbanDistrictAggregates(
  recordsByCode: ReadonlyMap<string, readonly DivisionRecord[]>,
  byCode: ReadonlyMap<string, DivisionEntry>,
): DivisionEntry[] {
  const prefixesWithUrbanDistricts = new Set<string>();
  for (const [code, records] of recordsByCode) {
    if (records.some((record) => record.urbanDistrict)) {
      prefixesWithUrbanDistricts.add(code.slice(0, 4));
    }
  }
  const aggregates: DivisionEntry[] = [];
  for (const [code, records] of recordsByCode) {
    const aggregateCode = `${code.slice(0, 4)}01`;
    const city = byCode.get(code);
    const isCity = records.some((record) => record.levelLabel === '地级' && record.name.endsWith('市'));
    if (city === undefined || city.level !== 'prefecture' || !isCity) continue;
    if (!prefixesWithUrbanDistricts.has(code.slice(0, 4)) || recordsByCode.has(aggregateCode)) continue;
    aggregates.push({
      code: aggregateCode,
      name: URBAN_DISTRICTS_NAME,
      level: 'county',
      parentCode: code,
      current: city.current,
      since: city.since,
      until: city.until,
      periods: [{ name: URBAN_DISTRICTS_NAME, since: city.since, until: city.until }],
      formerNames: [],
      urbanDistrictsAggregate: true,
    });
  }
  return aggregates;
}

function indexCurrentChildren(byCode: ReadonlyMap<string, DivisionEntry>): Map<string, DivisionEntry[]> {
  const children = new Map<string, DivisionEntry[]>();
  const sortedEntries = [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  for (const entry of sortedEntries) {
    if (!entry.current || entry.urbanDistrictsAggregate || entry.parentCode === null) continue;
    const siblings = children.get(entry.parentCode);
    if (siblings === undefined) {
      children.set(entry.parentCode, [entry]);
    } else {
      siblings.push(entry);
    }
  }
  return children;
}

/** Orders by year, then month; a bare year sorts before any month of that year. */
export function compareYearMonth(a: YearMonth, b: YearMonth): number {
  return a.year - b.year || (a.month ?? 0) - (b.month ?? 0);
}

/**
 * Name periods are half-open in list years: a unit listed from 1983 and retired in 1993 was in use in
 * 1983…1992. Lists dated to the month (201812) are compared by year only, as `at` is a year.
 */
export function periodCoversYear(period: DivisionNamePeriod, year: number): boolean {
  return period.since.year <= year && (period.until === null || year < period.until.year);
}
