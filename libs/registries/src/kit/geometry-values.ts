import type { FieldViolation } from '@hutong/platform';

export const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'] as const;
export type GeometryType = (typeof GEOMETRY_TYPES)[number];

/**
 * Where CGCS2000 (EPSG:4490) is defined: EPSG's area of use, "China — onshore and offshore"
 * (longitude 73.62–134.77 E, latitude 16.70–53.56 N). A coordinate outside it is almost always
 * swapped axes or a projected (metre) coordinate sent as degrees.
 */
export const CGCS2000_BOUNDS = { minLon: 73.62, minLat: 16.7, maxLon: 134.77, maxLat: 53.56 } as const;

/** Positions one geometry may hold: a 1:2000 parcel has hundreds, a city boundary tens of thousands. */
const MAX_POSITIONS = 200_000;

type Position = [number, number];
type Check = { ok: true; value: Record<string, unknown> } | { ok: false; violation: FieldViolation };

/**
 * Checks a GeoJSON geometry (RFC 7946) structurally before it reaches PostGIS: an allowed type,
 * positions of exactly two finite numbers (longitude, latitude) inside the CGCS2000 bounds, line
 * strings of two or more positions, closed rings of four or more. What only a geometry engine can
 * tell (self-intersecting rings, holes outside shells) is checked by the writer with ST_IsValid.
 */
export function checkGeometry(value: unknown, allowed: readonly GeometryType[], field: string): Check {
  const bad = (rule: string, message: string): Check => ({ ok: false, violation: { field, rule, message } });
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return bad('geometry', 'must be a GeoJSON geometry object');
  const geometry = value as { type?: unknown; coordinates?: unknown; crs?: unknown };
  if (geometry.crs !== undefined && !isLonLatCrs(geometry.crs)) {
    return bad(
      'crs',
      'coordinates are CGCS2000 / CRS84 longitude, latitude; reproject first (a legacy crs member names another CRS)',
    );
  }
  if (typeof geometry.type !== 'string' || !(GEOMETRY_TYPES as readonly string[]).includes(geometry.type)) {
    return bad('geometry_type', `must be a GeoJSON geometry of type ${allowed.join(' or ')}`);
  }
  const type = geometry.type as GeometryType;
  if (!allowed.includes(type)) return bad('geometry_type', `must be ${allowed.join(' or ')}, not ${type}`);
  const counter = { positions: 0 };
  const problem = coordinatesProblem(type, geometry.coordinates, counter);
  if (problem) return bad(problem.rule, problem.message);
  return { ok: true, value: { type, coordinates: geometry.coordinates } };
}

interface Problem {
  readonly rule: string;
  readonly message: string;
}

function coordinatesProblem(type: GeometryType, coordinates: unknown, counter: { positions: number }): Problem | undefined {
  switch (type) {
    case 'Point':
      return positionProblem(coordinates, counter);
    case 'MultiPoint':
      return listProblem(coordinates, 1, (point) => positionProblem(point, counter));
    case 'LineString':
      return lineProblem(coordinates, counter);
    case 'MultiLineString':
      return listProblem(coordinates, 1, (line) => lineProblem(line, counter));
    case 'Polygon':
      return polygonProblem(coordinates, counter);
    case 'MultiPolygon':
      return listProblem(coordinates, 1, (polygon) => polygonProblem(polygon, counter));
  }
}

function listProblem(value: unknown, min: number, each: (element: unknown) => Problem | undefined): Problem | undefined {
  if (!Array.isArray(value) || value.length < min) {
    return { rule: 'coordinates', message: `coordinates must be an array of at least ${min} element(s)` };
  }
  for (const element of value) {
    const problem = each(element);
    if (problem) return problem;
  }
  return undefined;
}

function lineProblem(value: unknown, counter: { positions: number }): Problem | undefined {
  return listProblem(value, 2, (position) => positionProblem(position, counter));
}

function polygonProblem(value: unknown, counter: { positions: number }): Problem | undefined {
  return listProblem(value, 1, (ring) => {
    const problem = listProblem(ring, 4, (position) => positionProblem(position, counter));
    if (problem) return { rule: problem.rule, message: `${problem.message} (a ring has at least 4 positions)` };
    const positions = ring as Position[];
    const [first, last] = [positions[0], positions[positions.length - 1]];
    if (first?.[0] !== last?.[0] || first?.[1] !== last?.[1]) {
      return { rule: 'ring_not_closed', message: 'a polygon ring must end where it starts' };
    }
    return undefined;
  });
}

function positionProblem(value: unknown, counter: { positions: number }): Problem | undefined {
  counter.positions += 1;
  if (counter.positions > MAX_POSITIONS) {
    return { rule: 'too_large', message: `a geometry holds at most ${MAX_POSITIONS} positions` };
  }
  if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return { rule: 'position', message: 'a position is [longitude, latitude]: two finite numbers' };
  }
  const [lon, lat] = value as Position;
  const { minLon, minLat, maxLon, maxLat } = CGCS2000_BOUNDS;
  if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) {
    return {
      rule: 'outside_crs_bounds',
      message: `positions must lie within CGCS2000's area of use (longitude ${minLon}–${maxLon}, latitude ${minLat}–${maxLat}); check the axis order`,
    };
  }
  return undefined;
}

/** A legacy GeoJSON `crs` member that still means longitude/latitude on CGCS2000 / WGS 84: tolerated, then dropped. */
function isLonLatCrs(crs: unknown): boolean {
  const name = (crs as { properties?: { name?: unknown } } | null)?.properties?.name;
  return typeof name === 'string' && /(CRS84|EPSG::?4326|EPSG::?4490)$/i.test(name);
}
