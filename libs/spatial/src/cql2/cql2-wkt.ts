import type { Cql2Geometry, Cql2Position } from './cql2-ast';
import { Cql2Error } from './cql2-error';
import { bboxPolygon, validateGeometry } from './cql2-geometry';
import { describe, positionOf, syntaxError, type TokenCursor } from './cql2-text-tokens';

type GeometryType = Cql2Geometry['type'];

const WKT_TAGS: Readonly<Record<string, GeometryType>> = {
  POINT: 'Point',
  LINESTRING: 'LineString',
  POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
  GEOMETRYCOLLECTION: 'GeometryCollection',
};

/** Words that may follow a WKT tag before its coordinates, all outside the 2D literals accepted here. */
const REFUSED_MODIFIERS = new Set(['Z', 'M', 'ZM', 'EMPTY']);

/**
 * Whether the cursor is on a WKT geometry or a BBOX. The tags are not reserved words, so a tag
 * only starts a literal when what follows could not follow a property name.
 */
export function startsGeometryLiteral(tokens: TokenCursor): boolean {
  const tag = tokens.peek();
  if (tag.kind !== 'word') return false;
  const word = tag.text.toUpperCase();
  if (word === 'BBOX') return tokens.isSymbol('(', 1);
  if (WKT_TAGS[word] === undefined) return false;
  const next = tokens.peek(1);
  return tokens.isSymbol('(', 1) || (next.kind === 'word' && REFUSED_MODIFIERS.has(next.text.toUpperCase()));
}

/** Reads a WKT geometry (2D) or `BBOX(minx, miny, maxx, maxy)` into GeoJSON shapes. */
export function readGeometryLiteral(tokens: TokenCursor): Cql2Geometry {
  const start = tokens.peek();
  if (tokens.acceptWord('BBOX')) return bboxPolygon(readList(tokens, readNumber), positionOf(start));
  return validateGeometry(readTaggedGeometry(tokens, false), positionOf(start));
}

function readTaggedGeometry(tokens: TokenCursor, inCollection: boolean): Cql2Geometry {
  const tag = tokens.next();
  const type = tag.kind === 'word' ? WKT_TAGS[tag.text.toUpperCase()] : undefined;
  if (type === undefined) throw syntaxError(tag, `expected a WKT geometry but found ${describe(tag)}`);
  refuseModifier(tokens);
  switch (type) {
    case 'Point':
      return { type, coordinates: readPointText(tokens) };
    case 'LineString':
      return { type, coordinates: readList(tokens, readPosition) };
    case 'Polygon':
      return { type, coordinates: readRings(tokens) };
    case 'MultiPoint':
      return { type, coordinates: readList(tokens, readMultiPointMember) };
    case 'MultiLineString':
      return { type, coordinates: readList(tokens, (cursor) => readList(cursor, readPosition)) };
    case 'MultiPolygon':
      return { type, coordinates: readList(tokens, readRings) };
    case 'GeometryCollection':
      if (inCollection) throw new Cql2Error('unsupported', `${positionOf(tag)}: nested geometry collections are not supported`);
      return { type, geometries: readList(tokens, (cursor) => readTaggedGeometry(cursor, true)) };
  }
}

function refuseModifier(tokens: TokenCursor): void {
  const modifier = tokens.peek();
  if (modifier.kind !== 'word' || !REFUSED_MODIFIERS.has(modifier.text.toUpperCase())) return;
  const what = modifier.text.toUpperCase() === 'EMPTY' ? 'empty geometries are' : '3D and measured coordinates are';
  throw new Cql2Error('unsupported', `${positionOf(modifier)}: ${what} not supported`);
}

function readRings(tokens: TokenCursor): Cql2Position[][] {
  return readList(tokens, (cursor) => readList(cursor, readPosition));
}

function readPointText(tokens: TokenCursor): Cql2Position {
  tokens.expectSymbol('(');
  const position = readPosition(tokens);
  tokens.expectSymbol(')');
  return position;
}

/** The grammar writes MULTIPOINT((1 2),(3 4)); MULTIPOINT(1 2, 3 4) is as common and as clear. */
function readMultiPointMember(tokens: TokenCursor): Cql2Position {
  return tokens.isSymbol('(') ? readPointText(tokens) : readPosition(tokens);
}

function readPosition(tokens: TokenCursor): Cql2Position {
  const position: Cql2Position = [readNumber(tokens), readNumber(tokens)];
  const extra = tokens.peek();
  if (extra.kind === 'number') throw new Cql2Error('unsupported', `${positionOf(extra)}: 3D coordinates are not supported`);
  return position;
}

function readNumber(tokens: TokenCursor): number {
  const token = tokens.peek();
  if (token.kind !== 'number') throw syntaxError(token, `expected a number but found ${describe(token)}`);
  tokens.next();
  return Number(token.text);
}

/** `( item, item, … )`, at least one item. */
function readList<T>(tokens: TokenCursor, readItem: (tokens: TokenCursor) => T): T[] {
  tokens.expectSymbol('(');
  const items = [readItem(tokens)];
  while (tokens.acceptSymbol(',')) items.push(readItem(tokens));
  tokens.expectSymbol(')');
  return items;
}
