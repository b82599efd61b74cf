import type { Cql2Geometry, Cql2Position } from './cql2-ast';
import { Cql2Error, quoted } from './cql2-error';
import { validateGeometry } from './cql2-geometry';

/** A parsed JSON object, read member by member. */
export type JsonObject = { readonly [member: string]: unknown };

export function isJsonObject(json: unknown): json is JsonObject {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

/** Where a JSON value is, as a JSON Pointer into the filter. */
export function at(pointer: string): string {
  return pointer === '' ? 'at the top level' : `at ${pointer}`;
}

export function jsonSyntaxError(pointer: string, message: string): Cql2Error {
  return new Cql2Error('syntax', `${at(pointer)}: ${message}`);
}

/** Refuses members the encoding does not define: a GeoJSON `crs`, say, must not be silently ignored. */
export function checkMembers(json: JsonObject, allowed: readonly string[], pointer: string): void {
  const unexpected = Object.keys(json).find((member) => !allowed.includes(member));
  if (unexpected !== undefined) throw jsonSyntaxError(pointer, `unexpected member ${quoted(unexpected)}`);
}

export function readString(json: unknown, pointer: string): string {
  if (typeof json !== 'string') throw jsonSyntaxError(pointer, 'expected a string');
  return json;
}

export function readNumber(json: unknown, pointer: string): number {
  if (typeof json !== 'number' || !Number.isFinite(json)) throw jsonSyntaxError(pointer, 'expected a finite number');
  return json;
}

export function readArray<T>(json: unknown, pointer: string, readItem: (item: unknown, pointer: string) => T): T[] {
  if (!Array.isArray(json)) throw jsonSyntaxError(pointer, 'expected an array');
  return json.map((item: unknown, index) => readItem(item, `${pointer}/${index}`));
}

/** A GeoJSON geometry object (RFC 7946 §3.1), 2D, checked as strictly as a WKT literal. */
export function readGeoJsonGeometry(json: JsonObject, pointer: string): Cql2Geometry {
  return validateGeometry(readGeometry(json, pointer, false), at(pointer));
}

function readGeometry(json: JsonObject, pointer: string, inCollection: boolean): Cql2Geometry {
  const type = json.type;
  if (json.bbox !== undefined) readArray(json.bbox, `${pointer}/bbox`, readNumber);
  if (type === 'GeometryCollection') {
    checkMembers(json, ['type', 'geometries', 'bbox'], pointer);
    if (inCollection) throw new Cql2Error('unsupported', `${at(pointer)}: nested geometry collections are not supported`);
    return { type, geometries: readArray(json.geometries, `${pointer}/geometries`, readMember) };
  }
  checkMembers(json, ['type', 'coordinates', 'bbox'], pointer);
  const coordinates = json.coordinates;
  const where = `${pointer}/coordinates`;
  switch (type) {
    case 'Point':
      return { type, coordinates: readPosition(coordinates, where) };
    case 'MultiPoint':
    case 'LineString':
      return { type, coordinates: readPositions(coordinates, where) };
    case 'MultiLineString':
    case 'Polygon':
      return { type, coordinates: readArray(coordinates, where, readPositions) };
    case 'MultiPolygon':
      return { type, coordinates: readArray(coordinates, where, (rings, ringsAt) => readArray(rings, ringsAt, readPositions)) };
    default:
      throw jsonSyntaxError(`${pointer}/type`, 'expected a GeoJSON geometry type (Point, LineString, Polygon, …)');
  }
}

function readMember(json: unknown, pointer: string): Cql2Geometry {
  if (!isJsonObject(json)) throw jsonSyntaxError(pointer, 'expected a GeoJSON geometry');
  return readGeometry(json, pointer, true);
}

function readPositions(json: unknown, pointer: string): Cql2Position[] {
  return readArray(json, pointer, readPosition);
}

function readPosition(json: unknown, pointer: string): Cql2Position {
  const numbers = readArray(json, pointer, readNumber);
  if (numbers.length > 2) throw new Cql2Error('unsupported', `${at(pointer)}: 3D coordinates are not supported`);
  const [x, y] = numbers;
  if (x === undefined || y === undefined) throw jsonSyntaxError(pointer, 'a position has 2 numbers');
  return [x, y];
}
