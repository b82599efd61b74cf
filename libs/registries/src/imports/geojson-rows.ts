import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/Pick';
import { streamArray } from 'stream-json/streamers/StreamArray';
import type { FieldViolation } from '@hutong/platform';
import type { RegistryDefinition } from '../kit/registry-definition';
import type { SourceRow } from './row-source';

type Row = { ok: true; values: Record<string, unknown> } | { ok: false; violations: FieldViolation[] };

/**
 * The features of a GeoJSON FeatureCollection file, one at a time: the file is parsed as a token
 * stream (stream-json), so a collection of millions of features never sits in memory. A feature's
 * "line" in the error report is its position in `features` (1-based).
 */
export async function* featureCollectionRows(path: string): AsyncIterable<SourceRow> {
  const features = pipeline(createReadStream(path), parser(), pick({ filter: 'features' }), streamArray(), () => undefined);
  let position = 0;
  try {
    for await (const element of features as AsyncIterable<{ key: number; value: unknown }>) {
      position = element.key + 1;
      yield rowOfParsed(position, element.value);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.slice(0, 200) : 'unreadable JSON';
    yield {
      line: position + 1,
      violations: [{ field: '(file)', rule: 'json', message: `the file stops being JSON here: ${message}` }],
    };
    return;
  }
  if (position === 0) {
    yield {
      line: 1,
      violations: [{ field: '(file)', rule: 'feature_collection', message: 'no features: send a GeoJSON FeatureCollection' }],
    };
  }
}

/**
 * GeoJSON text sequences (RFC 8142): each feature is preceded by the record separator U+001E, so
 * a feature may span lines. A file that does not start with U+001E is read as one feature per line
 * (what GDAL's GeoJSONSeq driver writes by default). "line" is the feature's position.
 */
export async function* sequenceRows(path: string): AsyncIterable<SourceRow> {
  const chunks = createReadStream(path, { encoding: 'utf8' })[Symbol.asyncIterator]() as AsyncIterator<string>;
  const first = await chunks.next();
  if (first.done === true) return;
  const head = first.value;
  const separator = head.trimStart().startsWith('\u001e') ? '\u001e' : '\n';
  const texts = textsBetween(separator, head, chunks);
  let position = 0;
  for await (const text of texts) {
    if (text.trim() === '') continue;
    position += 1;
    yield rowOfText(position, text);
  }
}

/** The texts between separators; only a chunk that holds a separator is split (no quadratic rescans). */
async function* textsBetween(separator: string, head: string, chunks: AsyncIterator<string>): AsyncIterable<string> {
  let pending: string[] = [];
  for (let chunk: string | undefined = head; chunk !== undefined;) {
    const parts = chunk.split(separator);
    if (parts.length > 1) {
      yield [...pending, parts[0] ?? ''].join('');
      yield* parts.slice(1, -1);
      pending = [];
    }
    pending.push(parts.at(-1) ?? '');
    const next = await chunks.next();
    chunk = next.done === true ? undefined : next.value;
  }
  yield pending.join('');
}

function rowOfText(line: number, text: string): SourceRow {
  try {
    return rowOfParsed(line, JSON.parse(text));
  } catch {
    return { line, violations: [{ field: '(row)', rule: 'json', message: 'the feature is not valid JSON' }] };
  }
}

function rowOfParsed(line: number, value: unknown): SourceRow {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? { line, values: value as Record<string, unknown> }
    : { line, violations: [{ field: '(row)', rule: 'object', message: 'each feature must be a GeoJSON Feature object' }] };
}

/**
 * A GeoJSON Feature as a flat registry row: its properties, its `id` (or the key property) as the
 * key, its geometry as the registry's geometry item. Anything that is not a Feature passes through
 * unchanged, so NDJSON of flat rows keeps working for spatial registries too.
 */
export function featureRow(definition: RegistryDefinition, values: Record<string, unknown>): Row {
  const geometryItem = definition.geometryItem;
  if (geometryItem === undefined || values.type !== 'Feature') return { ok: true, values };
  const violations: FieldViolation[] = [];
  const properties = values.properties ?? {};
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    return { ok: false, violations: [{ field: 'properties', rule: 'object', message: 'properties must be an object' }] };
  }
  const row: Record<string, unknown> = { ...(properties as Record<string, unknown>) };
  const id = values.id;
  if (id !== undefined) {
    if (typeof id !== 'string' && typeof id !== 'number') {
      violations.push({ field: 'id', rule: 'string', message: 'a feature id is a string or a number' });
    } else if (row[definition.keyItem] !== undefined && row[definition.keyItem] !== String(id)) {
      violations.push({ field: 'id', rule: 'key_mismatch', message: `id and properties.${definition.keyItem} differ` });
    } else row[definition.keyItem] = String(id);
  }
  if (geometryItem in row) {
    violations.push({
      field: `properties.${geometryItem}`,
      rule: 'unknown_item',
      message: 'the geometry goes in the feature geometry',
    });
  }
  row[geometryItem] = values.geometry ?? null;
  return violations.length > 0 ? { ok: false, violations } : { ok: true, values: row };
}
