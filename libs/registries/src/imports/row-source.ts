import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse, type CsvError } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { FieldViolation } from '@hutong/platform';
import { fromCsvCell } from '../kit/item-values';
import { itemByCode, type RegistryDefinition } from '../kit/registry-definition';
import { featureCollectionRows, featureRow, sequenceRows } from './geojson-rows';
import type { ImportFormat } from './registry-import';

/** One row of a file, parsed into item values, or why it could not be. */
export type SourceRow =
  | { readonly line: number; readonly values: Record<string, unknown> }
  | { readonly line: number; readonly violations: FieldViolation[] };

export class BadHeaderError extends Error {}

/**
 * Rows of an NDJSON, CSV or GeoJSON file, read from disk as a stream, with their line numbers. For
 * a spatial registry, GeoJSON Features become flat rows (properties, key, geometry item).
 */
export function rowsOf(path: string, format: ImportFormat, definition: RegistryDefinition): AsyncIterable<SourceRow> {
  const rows = rawRowsOf(path, format, definition);
  return definition.geometryItem === undefined ? rows : flattenedFeatures(rows, definition);
}

function rawRowsOf(path: string, format: ImportFormat, definition: RegistryDefinition): AsyncIterable<SourceRow> {
  switch (format) {
    case 'ndjson':
      return ndjsonRows(path);
    case 'csv':
      return csvRows(path, definition);
    case 'geojson':
      return featureCollectionRows(path);
    case 'geojson-seq':
      return sequenceRows(path);
  }
}

async function* flattenedFeatures(rows: AsyncIterable<SourceRow>, definition: RegistryDefinition): AsyncIterable<SourceRow> {
  for await (const row of rows) {
    if (!('values' in row)) {
      yield row;
      continue;
    }
    const flat = featureRow(definition, row.values);
    yield flat.ok ? { line: row.line, values: flat.values } : { line: row.line, violations: flat.violations };
  }
}

/** As deep as a request body may be (the platform's input guard): deeper rows are refused on their own line. */
const MAX_ROW_DEPTH = 32;

function nestedDeeperThan(root: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === undefined || typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth >= limit) return true;
    for (const member of Object.values(next.value)) pending.push({ value: member, depth: next.depth + 1 });
  }
  return false;
}

async function* ndjsonRows(path: string): AsyncIterable<SourceRow> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    const content = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (content.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      yield { line, violations: [{ field: '(row)', rule: 'json', message: 'the line is not valid JSON' }] };
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      yield { line, violations: [{ field: '(row)', rule: 'object', message: 'each line must be one JSON object' }] };
      continue;
    }
    if (nestedDeeperThan(parsed, MAX_ROW_DEPTH)) {
      yield { line, violations: [{ field: '(row)', rule: 'depth', message: `nested more than ${MAX_ROW_DEPTH} levels deep` }] };
      continue;
    }
    yield { line, values: parsed as Record<string, unknown> };
  }
}

/**
 * CSV (RFC 4180, header row of item codes). A malformed record (bad quoting, wrong number of
 * columns) is reported on its line and skipped; the parser carries on with the next.
 */
async function* csvRows(path: string, definition: RegistryDefinition): AsyncIterable<SourceRow> {
  const skipped: SourceRow[] = [];
  const header: Header = { sourceOf: new Map() };
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      columns: (names: string[]) => {
        const codes = checkHeader(names, definition);
        codes.forEach((code, index) => header.sourceOf.set(code, names[index] ?? code));
        return codes;
      },
      info: true,
      skip_records_with_error: true,
      skip_empty_lines: true,
    }),
  );
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    skipped.push({ line: error.lines ?? 0, violations: [{ field: '(row)', rule: 'csv', message: error.message.slice(0, 200) }] });
  });
  for await (const parsed of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    while (skipped.length > 0) yield skipped.shift() as SourceRow;
    yield csvRow(parsed.record, parsed.info.lines, definition, header);
  }
  while (skipped.length > 0) yield skipped.shift() as SourceRow;
}

/**
 * A CSV record as item values; a column that must hold one value (SDMX-CSV's DATAFLOW) and does
 * not is the row's error; coded cells of an aliased column are translated to stored values.
 */
function csvRow(
  record: Readonly<Record<string, string>>,
  line: number,
  definition: RegistryDefinition,
  header: Header,
): SourceRow {
  const values: Record<string, unknown> = {};
  const violations: FieldViolation[] = [];
  for (const [column, cell] of Object.entries(record)) {
    const constant = ownValue(definition.importColumns?.constants, column);
    if (constant !== undefined) {
      if (cell !== constant) violations.push({ field: column, rule: 'constant', message: `must be ${constant}` });
      continue;
    }
    const item = itemByCode(definition, column);
    const codes = ownValue(definition.importColumns?.codes, header.sourceOf.get(column) ?? column);
    if (item) values[column] = fromCsvCell(item, ownValue(codes, cell) ?? cell);
  }
  return violations.length > 0 ? { line, violations } : { line, values };
}

/** The item codes of a file's columns, and which column of the file each came from. */
interface Header {
  readonly sourceOf: Map<string, string>;
}

/** A table's own entry (a column named `constructor` is no entry of a plain object). */
function ownValue<T>(table: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
}

/** Item codes for the header's columns (aliases resolved); constant columns keep their name. */
function checkHeader(header: string[], definition: RegistryDefinition): string[] {
  const columns = definition.importColumns;
  const codes = header.map((column) => ownValue(columns?.aliases, column) ?? column);
  const unknown = codes.filter(
    (code) =>
      !itemByCode(definition, code) && ownValue(columns?.constants, code) === undefined && !columns?.ignored?.includes(code),
  );
  if (unknown.length > 0) {
    throw new BadHeaderError(`the header names no item of the ${definition.code} registry: ${unknown.slice(0, 5).join(', ')}`);
  }
  const parts = definition.keyParts?.items ?? [];
  if (!codes.includes(definition.keyItem) && (parts.length === 0 || !parts.every((part) => codes.includes(part)))) {
    const composed = parts.length > 0 ? ` (or the columns it is made of: ${parts.join(', ')})` : '';
    throw new BadHeaderError(`the header has no key column ${definition.keyItem}${composed}`);
  }
  if (new Set(codes).size !== codes.length) throw new BadHeaderError('the header names a column twice');
  return codes;
}

/** Checks a CSV file's header before the import starts, so an unusable file is a 400, not a failed import. */
export async function checkCsvHeaderOf(path: string, definition: RegistryDefinition): Promise<void> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8', end: 64 * 1024 }), crlfDelay: Infinity });
  for await (const first of lines) {
    lines.close();
    const rows: string[][] = parseSync(first.replace(/^\uFEFF/, ''), { to_line: 1 });
    const header = rows[0] ?? [];
    checkHeader(header, definition);
    return;
  }
  throw new BadHeaderError('the file is empty');
}
