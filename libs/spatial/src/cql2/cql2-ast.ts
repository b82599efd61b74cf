/**
 * The one tree both encodings of a CQL2 filter (OGC 21-065r2) are read into, and the only input
 * of the SQL compiler. Boolean-valued nodes are told apart by `op`, operands by `kind`.
 */

/** x then y, in the filter CRS's axis order as written: only 2D positions are accepted. */
export type Cql2Position = readonly [number, number];

/** A GeoJSON geometry (RFC 7946 shapes; WKT literals are read into the same shapes). */
export type Cql2Geometry =
  | { readonly type: 'Point'; readonly coordinates: Cql2Position }
  | { readonly type: 'MultiPoint'; readonly coordinates: readonly Cql2Position[] }
  | { readonly type: 'LineString'; readonly coordinates: readonly Cql2Position[] }
  | { readonly type: 'MultiLineString'; readonly coordinates: readonly (readonly Cql2Position[])[] }
  | { readonly type: 'Polygon'; readonly coordinates: readonly (readonly Cql2Position[])[] }
  | { readonly type: 'MultiPolygon'; readonly coordinates: readonly (readonly (readonly Cql2Position[])[])[] }
  | { readonly type: 'GeometryCollection'; readonly geometries: readonly Cql2Geometry[] };

export interface Cql2PropertyRef {
  readonly kind: 'property';
  readonly name: string;
}

export interface Cql2StringLiteral {
  readonly kind: 'string';
  readonly value: string;
}

export interface Cql2NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
}

export interface Cql2BooleanLiteral {
  readonly kind: 'boolean';
  readonly value: boolean;
}

/** A calendar date, `YYYY-MM-DD`, already checked to exist. */
export interface Cql2DateLiteral {
  readonly kind: 'date';
  readonly value: string;
}

/** An RFC 3339 date-time with `Z` or a numeric offset, already checked. */
export interface Cql2TimestampLiteral {
  readonly kind: 'timestamp';
  readonly value: string;
}

/** The `'..'` end of an interval: unbounded on that side. */
export interface Cql2Unbounded {
  readonly kind: 'unbounded';
}

export type Cql2IntervalBound = Cql2DateLiteral | Cql2TimestampLiteral | Cql2PropertyRef | Cql2Unbounded;

/** A closed interval, both ends included (CQL2 follows ISO 8601 here, not SQL's half-open ranges). */
export interface Cql2IntervalLiteral {
  readonly kind: 'interval';
  readonly start: Cql2IntervalBound;
  readonly end: Cql2IntervalBound;
}

export interface Cql2GeometryLiteral {
  readonly kind: 'geometry';
  readonly geometry: Cql2Geometry;
}

/** A literal that can stand in an IN list and be bound as one array element. */
export type Cql2ScalarLiteral =
  Cql2StringLiteral | Cql2NumberLiteral | Cql2BooleanLiteral | Cql2DateLiteral | Cql2TimestampLiteral;

export type Cql2Operand = Cql2PropertyRef | Cql2ScalarLiteral | Cql2IntervalLiteral | Cql2GeometryLiteral;

export type Cql2ComparisonOperator = '=' | '<>' | '<' | '>' | '<=' | '>=';

export const CQL2_SPATIAL_RELATIONS = [
  's_intersects',
  's_equals',
  's_disjoint',
  's_touches',
  's_within',
  's_overlaps',
  's_crosses',
  's_contains',
] as const;
export type Cql2SpatialRelation = (typeof CQL2_SPATIAL_RELATIONS)[number];

/** The cql2-json spellings; cql2-text writes the same names in any case (T_FINISHEDBY). */
export const CQL2_TEMPORAL_RELATIONS = [
  't_after',
  't_before',
  't_contains',
  't_disjoint',
  't_during',
  't_equals',
  't_finishedBy',
  't_finishes',
  't_intersects',
  't_meets',
  't_metBy',
  't_overlappedBy',
  't_overlaps',
  't_startedBy',
  't_starts',
] as const;
export type Cql2TemporalRelation = (typeof CQL2_TEMPORAL_RELATIONS)[number];

export type Cql2Expression =
  | { readonly op: 'and' | 'or'; readonly args: readonly Cql2Expression[] }
  | { readonly op: 'not'; readonly arg: Cql2Expression }
  | { readonly op: 'literal'; readonly value: boolean }
  | {
      readonly op: 'compare';
      readonly operator: Cql2ComparisonOperator;
      readonly left: Cql2Operand;
      readonly right: Cql2Operand;
    }
  /** `pattern` is as written in CQL2: `%`, `_`, and `\` escaping either or itself. */
  | { readonly op: 'like'; readonly value: Cql2Operand; readonly pattern: string }
  | { readonly op: 'between'; readonly value: Cql2Operand; readonly low: Cql2Operand; readonly high: Cql2Operand }
  | { readonly op: 'in'; readonly value: Cql2Operand; readonly list: readonly Cql2Operand[] }
  | { readonly op: 'isNull'; readonly value: Cql2Operand }
  | {
      readonly op: 'spatial';
      readonly relation: Cql2SpatialRelation;
      readonly left: Cql2Operand;
      readonly right: Cql2Operand;
    }
  | {
      readonly op: 'temporal';
      readonly relation: Cql2TemporalRelation;
      readonly left: Cql2Operand;
      readonly right: Cql2Operand;
    };

/** Finds a relation by the name a client wrote, in either encoding and any letter case. */
export function spatialRelationNamed(name: string): Cql2SpatialRelation | undefined {
  const lower = name.toLowerCase();
  return CQL2_SPATIAL_RELATIONS.find((relation) => relation === lower);
}

export function temporalRelationNamed(name: string): Cql2TemporalRelation | undefined {
  const lower = name.toLowerCase();
  return CQL2_TEMPORAL_RELATIONS.find((relation) => relation.toLowerCase() === lower);
}

const sourceLocations = new WeakMap<object, string>();

/**
 * Remembers where in the filter a node was read ("at character 17", "at /args/0"), so that the
 * compiler's messages can say where, while the tree stays plain data that compares equal
 * whichever encoding it came from.
 */
export function locate<T extends object>(node: T, where: string): T {
  sourceLocations.set(node, where);
  return node;
}

export function locationOf(node: object): string | undefined {
  return sourceLocations.get(node);
}
