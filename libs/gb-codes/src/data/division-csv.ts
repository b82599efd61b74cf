/**
 * Parser for the yescallop/areacodes `result.csv` layout (see gbt2260-history.data.ts for provenance).
 * The file has no quoting or embedded commas, so a plain split is exact; anything unexpected is a
 * corrupted data file, which is a programming error and throws rather than silently dropping rows.
 */

/** A point in time as the MCA lists record it: a year, or a year and month (e.g. 201812). */
export interface YearMonth {
  readonly year: number;
  /** 1–12, or null when the list gives only the year. */
  readonly month: number | null;
}

/**
 * 启用 — the code is in use today; 代码弃用 — the code was retired; 名称弃用 — an earlier name of a
 * code that has another row carrying its latest name.
 */
export type DivisionRowStatus = 'in_use' | 'code_retired' | 'name_retired';

export type DivisionLevelLabel = '省级' | '地级' | '县级';

export interface DivisionRecord {
  readonly code: string;
  readonly provinceName: string;
  /** Prefecture the unit belonged to before retirement; `直管` when directly administered; empty for provinces. */
  readonly prefectureName: string;
  readonly name: string;
  readonly levelLabel: DivisionLevelLabel;
  readonly status: DivisionRowStatus;
  readonly since: YearMonth;
  readonly until: YearMonth | null;
  readonly autonomous: boolean;
  readonly urbanDistrict: boolean;
  readonly countyLevelCity: boolean;
}

export const DIVISION_CSV_HEADER =
  '代码,一级行政区,二级行政区（弃用前）,名称,级别,状态,启用时间,弃用时间,是否自治,是否市辖区,是否县级市';

const FIELD_COUNT = 11;

const STATUS_BY_LABEL: Readonly<Record<string, DivisionRowStatus>> = {
  启用: 'in_use',
  代码弃用: 'code_retired',
  名称弃用: 'name_retired',
};

const LEVEL_LABELS: readonly string[] = ['省级', '地级', '县级'];

export function parseDivisionCsv(text: string): DivisionRecord[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  if (lines[0] !== DIVISION_CSV_HEADER) {
    throw new Error('GB/T 2260 data: unexpected CSV header');
  }
  return lines.slice(1).map((line, index) => parseRow(line, index + 2));
}

function parseRow(line: string, lineNumber: number): DivisionRecord {
  const fields = line.split(',');
  if (fields.length !== FIELD_COUNT) {
    throw new Error(`GB/T 2260 data line ${lineNumber}: expected ${FIELD_COUNT} fields, got ${fields.length}`);
  }
  const [code, provinceName, prefectureName, name, levelLabel, statusLabel, since, until, autonomous, urban, countyCity] =
    fields as [string, string, string, string, string, string, string, string, string, string, string];
  if (!/^\d{6}$/.test(code)) {
    throw new Error(`GB/T 2260 data line ${lineNumber}: code is not 6 digits`);
  }
  const status = STATUS_BY_LABEL[statusLabel];
  if (status === undefined) {
    throw new Error(`GB/T 2260 data line ${lineNumber}: unknown status ${statusLabel}`);
  }
  if (!LEVEL_LABELS.includes(levelLabel)) {
    throw new Error(`GB/T 2260 data line ${lineNumber}: unknown level ${levelLabel}`);
  }
  return {
    code,
    provinceName,
    prefectureName,
    name,
    levelLabel: levelLabel as DivisionLevelLabel,
    status,
    since: parseYearMonth(since, lineNumber),
    until: until === '' ? null : parseYearMonth(until, lineNumber),
    autonomous: parseYesNo(autonomous, lineNumber),
    urbanDistrict: parseYesNo(urban, lineNumber),
    countyLevelCity: parseYesNo(countyCity, lineNumber),
  };
}

export function parseYearMonth(text: string, lineNumber = 0): YearMonth {
  const match = /^(\d{4})(\d{2})?$/.exec(text);
  if (match === null) {
    throw new Error(`GB/T 2260 data line ${lineNumber}: bad time ${text}`);
  }
  const year = Number(match[1]);
  const month = match[2] === undefined ? null : Number(match[2]);
  if (month !== null && (month < 1 || month > 12)) {
    throw new Error(`GB/T 2260 data line ${lineNumber}: bad month in ${text}`);
  }
  return { year, month };
}

/** `1980` or `2018-12`: an ISO 8601 reduced-precision date, as exposed on `Division.since`/`until`. */
export function formatYearMonth(value: YearMonth): string {
  return value.month === null ? String(value.year) : `${value.year}-${String(value.month).padStart(2, '0')}`;
}

function parseYesNo(text: string, lineNumber: number): boolean {
  if (text === '是') return true;
  if (text === '否') return false;
  throw new Error(`GB/T 2260 data line ${lineNumber}: expected 是/否, got ${text}`);
}
