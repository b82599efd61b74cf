import type { Cql2Geometry, Cql2Position } from './cql2-ast';
import { CQL2_LIMITS, Cql2Error } from './cql2-error';

type Ring = readonly Cql2Position[];

/**
 * Checks what the shape of a geometry does not say: line strings have two positions, rings
 * are closed with at least four, collections are not nested, and the whole literal stays
 * under {@link CQL2_LIMITS.maxGeometryPositions}. `where` starts every message ("at character 12").
 */
export function validateGeometry(geometry: Cql2Geometry, where: string): Cql2Geometry {
  const positions = countValidPositions(geometry, where, false);
  if (positions > CQL2_LIMITS.maxGeometryPositions) {
    throw new Cql2Error(
      'too_complex',
      `${where}: the geometry has ${positions} positions, more than ${CQL2_LIMITS.maxGeometryPositions}`,
    );
  }
  return geometry;
}

/** `BBOX(minx, miny, maxx, maxy)` as the polygon it covers, exterior ring counter-clockwise. */
export function bboxPolygon(values: readonly number[], where: string): Cql2Geometry {
  if (values.length === 6) throw new Cql2Error('unsupported', `${where}: 3D bounding boxes (6 numbers) are not supported`);
  const [minX, minY, maxX, maxY] = values;
  if (values.length !== 4 || minX === undefined || minY === undefined || maxX === undefined || maxY === undefined) {
    throw new Cql2Error('syntax', `${where}: a bounding box has 4 numbers, not ${values.length}`);
  }
  if (minX > maxX || minY > maxY) {
    // West > east would be a box across the antimeridian, which one polygon cannot express.
    throw new Cql2Error('unsupported', `${where}: a bounding box whose minimum exceeds its maximum is not supported`);
  }
  const ring: Ring = [
    [minX, minY],
    [maxX, minY],
    [maxX, maxY],
    [minX, maxY],
    [minX, minY],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

/** The geometry with x and y exchanged, for literals written in a latitude-first CRS. */
export function swapAxes(geometry: Cql2Geometry): Cql2Geometry {
  switch (geometry.type) {
    case 'Point':
      return { type: 'Point', coordinates: swap(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { type: geometry.type, coordinates: geometry.coordinates.map(swap) };
    case 'MultiLineString':
    case 'Polygon':
      return { type: geometry.type, coordinates: geometry.coordinates.map((line) => line.map(swap)) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((rings) => rings.map((ring) => ring.map(swap))) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: geometry.geometries.map(swapAxes) };
  }
}

function swap([x, y]: Cql2Position): Cql2Position {
  return [y, x];
}

function countValidPositions(geometry: Cql2Geometry, where: string, inCollection: boolean): number {
  switch (geometry.type) {
    case 'Point':
      return 1;
    case 'MultiPoint':
      return geometry.coordinates.length;
    case 'LineString':
      return checkLineString(geometry.coordinates, where);
    case 'MultiLineString':
      return sum(geometry.coordinates.map((line) => checkLineString(line, where)));
    case 'Polygon':
      return checkPolygon(geometry.coordinates, where);
    case 'MultiPolygon':
      return sum(geometry.coordinates.map((rings) => checkPolygon(rings, where)));
    case 'GeometryCollection':
      if (inCollection) throw new Cql2Error('unsupported', `${where}: nested geometry collections are not supported`);
      return sum(geometry.geometries.map((member) => countValidPositions(member, where, true)));
  }
}

function checkLineString(positions: Ring, where: string): number {
  if (positions.length < 2) throw new Cql2Error('syntax', `${where}: a line string needs at least 2 positions`);
  return positions.length;
}

function checkPolygon(rings: readonly Ring[], where: string): number {
  if (rings.length === 0) throw new Cql2Error('syntax', `${where}: a polygon needs an exterior ring`);
  return sum(rings.map((ring) => checkRing(ring, where)));
}

function checkRing(ring: Ring, where: string): number {
  if (ring.length < 4) throw new Cql2Error('syntax', `${where}: a polygon ring needs at least 4 positions`);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first === undefined || last === undefined || first[0] !== last[0] || first[1] !== last[1]) {
    throw new Cql2Error('syntax', `${where}: a polygon ring must end where it starts`);
  }
  return ring.length;
}

function sum(counts: readonly number[]): number {
  return counts.reduce((total, count) => total + count, 0);
}
