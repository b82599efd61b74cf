/**
 * Derives the GB/T 2260 update layer (src/data/gbt2260-updates.data.ts) from the Ministry of Civil
 * Affairs code lists published after December 2018, as stored by yescallop/areacodes under `data/`.
 *
 *   node -r @swc-node/register libs/gb-codes/scripts/derive-updates.ts <dir>           print the CSV
 *   node -r @swc-node/register libs/gb-codes/scripts/derive-updates.ts <dir> --write   also rewrite the module
 *
 * `<dir>` holds the list files, named by their snapshot: `YYYY.txt` (a yearly list) or `YYYYMM.txt`
 * (a month list; upstream keeps some of these under `data/by-month/`, copy them flat into `<dir>`).
 * Each line is `<6-digit code><tab or spaces><name>`; line order, a BOM, CRLF and a missing final
 * newline do not matter. Notes on what was derived (gaps bridged, renames, retirements) go to stderr.
 *
 * Rules (see also libs/gb-codes/README.md, "Division data: source, coverage, refresh"):
 * - Snapshots are ordered by date; a yearly list YYYY is the year-end list and sorts after every month
 *   list of that year (201912 < 2019 < 202001). The baseline is what the 2018 history layer has in use.
 * - A code whose names over the snapshots never differ from the baseline is not mentioned at all.
 * - Any other code gets its complete post-2018 story, which replaces the 2018 layer's latest-name row
 *   (启用 / 代码弃用) for that code; the 2018 layer's 名称弃用 rows stay:
 *   - the period running at 2018-12 keeps the 2018 row's 启用时间 and is closed at the first snapshot
 *     with another name (名称弃用) or without the code (代码弃用), or left open (启用); its other
 *     columns are recomputed by the rules below and compared with the 2018 row (a difference is noted);
 *   - a code retired in the 2018 layer that is listed again keeps its old period as a 名称弃用 row;
 *   - a name first seen in snapshot S starts at S (启用时间 = the snapshot's file name, YYYY or YYYYMM)
 *     and closes the previous name at S;
 *   - a code missing from the newest list is retired at the first snapshot of its final absence;
 *   - a code missing from some snapshots but listed again later is treated as in use throughout (list
 *     omissions, e.g. 460302 西沙区 absent from the 2021–2023 lists); each such gap is noted.
 * - Columns are filled as upstream's generator filled result.csv: 一级行政区 is the province's name in
 *   the 2018 layer; 二级行政区（弃用前） is empty for provinces, the unit's own name for prefectures and,
 *   for counties, the latest name of `xxyy00` whose period overlaps the row's period, the list where
 *   the row ends included (`直管` if none);
 *   级别 follows the code; 是否自治 = name contains 自治; 是否市辖区 / 是否县级市 = county whose name ends
 *   in 区 / 市.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DIVISION_CSV_HEADER, parseDivisionCsv, type DivisionRecord, type YearMonth } from '../src/data/division-csv';
import { GBT2260_HISTORY_CSV } from '../src/data/gbt2260-history.data';

export interface ListSnapshot {
  /** `YYYY` or `YYYYMM`, the list's file name; used verbatim as 启用时间 / 弃用时间. */
  readonly label: string;
  /** Code → name. */
  readonly names: ReadonlyMap<string, string>;
}

export interface DerivedUpdates {
  /** The update layer, header included, one row per line, final newline. */
  readonly csv: string;
  readonly added: readonly string[];
  readonly retired: readonly string[];
  readonly renamed: readonly string[];
  /** Human-readable remarks about unusual cases (gaps, reused codes, transient names). */
  readonly notes: readonly string[];
}

interface Period {
  name: string;
  since: string;
  until: string | null;
  /** The 2018-layer row this period continues (its 启用时间 is kept). */
  readonly historyRow?: DivisionRecord;
}

const LIST_FILE = /^(\d{4}|\d{6})\.txt$/;
const LIST_LINE = /^(\d{6})[ \t]+(\S(?:.*\S)?)$/;

/** Parses one MCA list file. Throws on anything that is not a code line, and on repeated codes. */
export function parseListFile(text: string, fileName: string): Map<string, string> {
  const names = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const match = LIST_LINE.exec(line.trim());
    if (match === null) {
      throw new Error(`${fileName} line ${index + 1}: not "<code> <name>"`);
    }
    const [, code, name] = match as unknown as [string, string, string];
    if (names.has(code)) {
      throw new Error(`${fileName} line ${index + 1}: code ${code} listed twice`);
    }
    names.set(code, name);
  });
  return names;
}

/**
 * Chronological position of a snapshot label or a 2018-layer time: a month list YYYYMM sits at
 * YYYY·100+MM, a yearly list YYYY after the month lists of its year (YYYY·100+13).
 */
export function snapshotOrder(label: string): number {
  const match = /^(\d{4})(\d{2})?$/.exec(label);
  if (match === null) throw new Error(`not a snapshot label: ${label}`);
  const year = Number(match[1]);
  if (match[2] === undefined) return year * 100 + 13;
  const month = Number(match[2]);
  if (month < 1 || month > 12) throw new Error(`not a snapshot label: ${label}`);
  return year * 100 + month;
}

export function timeLabel(value: YearMonth): string {
  return value.month === null ? String(value.year) : `${value.year}${String(value.month).padStart(2, '0')}`;
}

function levelLabel(code: string): '省级' | '地级' | '县级' {
  if (code.endsWith('0000')) return '省级';
  if (code.endsWith('00')) return '地级';
  return '县级';
}

const yesNo = (flag: boolean): string => (flag ? '是' : '否');

export function deriveUpdates(history: readonly DivisionRecord[], snapshotsInAnyOrder: readonly ListSnapshot[]): DerivedUpdates {
  const snapshots = [...snapshotsInAnyOrder].sort((a, b) => snapshotOrder(a.label) - snapshotOrder(b.label));
  snapshots.forEach((snapshot, index) => {
    if (index > 0 && snapshotOrder(snapshot.label) === snapshotOrder(snapshots[index - 1]!.label)) {
      throw new Error(`two snapshots for ${snapshot.label}`);
    }
  });
  if (snapshots.length === 0) throw new Error('no snapshots');
  const notes: string[] = [];

  const historyByCode = new Map<string, DivisionRecord[]>();
  for (const row of history) {
    historyByCode.set(row.code, [...(historyByCode.get(row.code) ?? []), row]);
  }
  const provinceNames = new Map<string, string>();
  for (const row of history) {
    if (!provinceNames.has(row.code.slice(0, 2))) provinceNames.set(row.code.slice(0, 2), row.provinceName);
  }

  const codes = new Set<string>();
  for (const row of history) if (row.status === 'in_use') codes.add(row.code);
  for (const snapshot of snapshots) for (const code of snapshot.names.keys()) codes.add(code);

  // Pass 1: the post-2018 naming periods of every code whose story differs from the baseline.
  const periodsByCode = new Map<string, Period[]>();
  for (const code of [...codes].sort()) {
    const inUse = historyByCode.get(code)?.find((row) => row.status === 'in_use');
    const observed = snapshots.map((snapshot) => snapshot.names.get(code));
    const touched =
      inUse === undefined ? observed.some((name) => name !== undefined) : observed.some((name) => name !== inUse.name);
    if (!touched) continue;

    const periods: Period[] = [];
    let current: Period | undefined =
      inUse === undefined ? undefined : { name: inUse.name, since: timeLabel(inUse.since), until: null, historyRow: inUse };
    let lastSeen = inUse === undefined ? undefined : -1;
    for (const [index, name] of observed.entries()) {
      if (name === undefined) continue;
      const snapshot = snapshots[index]!;
      if (lastSeen !== undefined && lastSeen < index - 1) {
        const from = snapshots[lastSeen + 1]!.label;
        const to = snapshots[index - 1]!.label;
        const missing = from === to ? from : `${from}…${to}`;
        notes.push(
          current !== undefined && current.name === name
            ? `${code} ${name}: missing from ${missing}, listed again in ${snapshot.label} under the same name; treated as in use throughout`
            : `${code}: missing from ${missing}, listed again in ${snapshot.label} as ${name}`,
        );
      }
      if (current === undefined) {
        current = { name, since: snapshot.label, until: null };
      } else if (current.name !== name) {
        current.until = snapshot.label;
        periods.push(current);
        current = { name, since: snapshot.label, until: null };
      }
      lastSeen = index;
    }
    if (current === undefined || lastSeen === undefined) continue;
    if (lastSeen < snapshots.length - 1) current.until = snapshots[lastSeen + 1]!.label;
    periods.push(current);
    // Only bridged gaps: the 2018 row still tells the whole story.
    if (periods.length === 1 && current.historyRow !== undefined && current.until === null) continue;
    periodsByCode.set(code, periods);
  }

  // The merged naming timeline, to fill 二级行政区 the way result.csv does.
  const spansByCode = new Map<string, NameSpan[]>();
  for (const [code, rows] of historyByCode) {
    const replaced = periodsByCode.has(code);
    spansByCode.set(
      code,
      rows
        .filter((row) => !replaced || row.status === 'name_retired')
        .map((row) => span(row.name, timeLabel(row.since), row.until === null ? null : timeLabel(row.until))),
    );
  }
  for (const [code, periods] of periodsByCode) {
    const replacedOld = historyByCode.get(code)?.find((row) => row.status === 'code_retired');
    const spans = spansByCode.get(code) ?? [];
    if (replacedOld !== undefined)
      spans.push(span(replacedOld.name, timeLabel(replacedOld.since), timeLabel(replacedOld.until!)));
    spans.push(...periods.map((period) => span(period.name, period.since, period.until)));
    spansByCode.set(code, spans);
  }
  const prefectureColumn = (code: string, name: string, since: string, until: string | null): string =>
    prefectureColumnOf(spansByCode, code, name, since, until);

  // Pass 2: rows.
  const lines: string[] = [DIVISION_CSV_HEADER];
  const added: string[] = [];
  const retired: string[] = [];
  const renamed: string[] = [];
  for (const [code, periods] of periodsByCode) {
    const provinceName = provinceNames.get(code.slice(0, 2)) ?? periods[0]!.name;
    const rowOf = (name: string, status: string, since: string, until: string | null): string => {
      const county = levelLabel(code) === '县级';
      return [
        code,
        provinceName,
        prefectureColumn(code, name, since, until),
        name,
        levelLabel(code),
        status,
        since,
        until ?? '',
        yesNo(name.includes('自治')),
        yesNo(county && name.endsWith('区')),
        yesNo(county && name.endsWith('市')),
      ].join(',');
    };
    const latest = periods[periods.length - 1]!;
    const codeRows = [rowOf(latest.name, latest.until === null ? '启用' : '代码弃用', latest.since, latest.until)];
    for (const period of periods.slice(0, -1).reverse()) {
      codeRows.push(rowOf(period.name, '名称弃用', period.since, period.until));
    }
    const oldRetired = historyByCode.get(code)?.find((row) => row.status === 'code_retired');
    if (oldRetired !== undefined) {
      codeRows.push(rowOf(oldRetired.name, '名称弃用', timeLabel(oldRetired.since), timeLabel(oldRetired.until!)));
      notes.push(
        `${code}: retired in the 2018 layer as ${oldRetired.name}, listed again from ${periods[0]!.since} as ${periods[0]!.name}`,
      );
    }
    const continued = periods[0]!.historyRow;
    if (continued !== undefined) {
      const copied = rowOf(continued.name, '启用', timeLabel(continued.since), null);
      const original = [
        continued.code,
        continued.provinceName,
        continued.prefectureName,
        continued.name,
        continued.levelLabel,
        '启用',
        timeLabel(continued.since),
        '',
        yesNo(continued.autonomous),
        yesNo(continued.urbanDistrict),
        yesNo(continued.countyLevelCity),
      ].join(',');
      if (copied !== original) notes.push(`${code}: columns recomputed differently from the 2018 row (${original} → ${copied})`);
    }
    lines.push(...codeRows);

    if (continued === undefined) added.push(code);
    if (latest.until !== null) retired.push(code);
    if (periods.length > 1) renamed.push(code);
    if (continued === undefined && latest.until !== null) {
      notes.push(`${code} ${latest.name}: first listed in ${periods[0]!.since}, gone again from ${latest.until}`);
    }
  }
  return { csv: `${lines.join('\n')}\n`, added, retired, renamed, notes };
}

export interface NameSpan {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export function span(name: string, since: string, until: string | null): NameSpan {
  return { name, start: snapshotOrder(since), end: until === null ? Number.POSITIVE_INFINITY : snapshotOrder(until) };
}

/** Every naming period of every code of the 2018 layer, as spans. */
export function historySpans(history: readonly DivisionRecord[]): Map<string, NameSpan[]> {
  const spans = new Map<string, NameSpan[]>();
  for (const row of history) {
    const rowSpan = span(row.name, timeLabel(row.since), row.until === null ? null : timeLabel(row.until));
    spans.set(row.code, [...(spans.get(row.code) ?? []), rowSpan]);
  }
  return spans;
}

/**
 * 二级行政区（弃用前） as result.csv fills it: empty for a province, the unit's own name for a
 * prefecture; for a county the latest name of `xxyy00` whose period starts before the row's period
 * ends (or in the list where it ends) and ends after it starts, `直管` when there is none.
 */
export function prefectureColumnOf(
  spans: ReadonlyMap<string, readonly NameSpan[]>,
  code: string,
  name: string,
  since: string,
  until: string | null,
): string {
  if (code.endsWith('0000')) return '';
  if (code.endsWith('00')) return name;
  const target = span(name, since, until);
  let best: NameSpan | undefined;
  for (const candidate of spans.get(`${code.slice(0, 4)}00`) ?? []) {
    const overlaps = candidate.start <= target.end && target.start < candidate.end;
    if (overlaps && (best === undefined || candidate.start > best.start)) best = candidate;
  }
  return best?.name ?? '直管';
}

export function readListDirectory(directory: string): ListSnapshot[] {
  return readdirSync(directory)
    .filter((file) => LIST_FILE.test(file))
    .sort()
    .map((file) => ({
      label: basename(file, '.txt'),
      names: parseListFile(readFileSync(join(directory, file), 'utf8'), file),
    }));
}

const MODULE_PATH = resolve(__dirname, '../src/data/gbt2260-updates.data.ts');

function main(argv: readonly string[]): void {
  const directory = argv.find((argument) => !argument.startsWith('--'));
  if (directory === undefined) {
    process.stderr.write('usage: derive-updates.ts <directory of YYYY.txt / YYYYMM.txt lists> [--write]\n');
    process.exitCode = 2;
    return;
  }
  const snapshots = readListDirectory(directory);
  const result = deriveUpdates(parseDivisionCsv(GBT2260_HISTORY_CSV), snapshots);
  const labels = snapshots.map((snapshot) => snapshot.label).sort((a, b) => snapshotOrder(a) - snapshotOrder(b));
  process.stderr.write(
    [
      `snapshots (${labels.length}): ${labels.join(' ')}`,
      `codes added ${result.added.length}, retired ${result.retired.length}, renamed ${result.renamed.length}`,
      ...result.notes.map((note) => `note: ${note}`),
      '',
    ].join('\n'),
  );
  if (argv.includes('--write')) {
    if (/[`\\]|\$\{/.test(result.csv)) throw new Error('CSV unsafe for a template literal');
    const header = readFileSync(MODULE_PATH, 'utf8').split('export const')[0];
    writeFileSync(MODULE_PATH, `${header}export const GBT2260_UPDATES_CSV: string = \`${result.csv}\`;\n`);
  } else {
    process.stdout.write(result.csv);
  }
}

if (typeof require !== 'undefined' && require.main === module) {
  main(process.argv.slice(2));
}
