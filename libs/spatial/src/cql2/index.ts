export type {
  Cql2BooleanLiteral,
  Cql2ComparisonOperator,
  Cql2DateLiteral,
  Cql2Expression,
  Cql2Geometry,
  Cql2GeometryLiteral,
  Cql2IntervalBound,
  Cql2IntervalLiteral,
  Cql2NumberLiteral,
  Cql2Operand,
  Cql2Position,
  Cql2PropertyRef,
  Cql2ScalarLiteral,
  Cql2SpatialRelation,
  Cql2StringLiteral,
  Cql2TemporalRelation,
  Cql2TimestampLiteral,
  Cql2Unbounded,
} from './cql2-ast';
export { CQL2_SPATIAL_RELATIONS, CQL2_TEMPORAL_RELATIONS } from './cql2-ast';
export { CQL2_LIMITS, Cql2Error, type Cql2ErrorRule } from './cql2-error';
export { parseCql2Text } from './cql2-text';
export { parseCql2Json } from './cql2-json';
export { compileCql2 } from './cql2-sql';
export type { Cql2Property, Cql2PropertyType, Cql2SqlContext } from './cql2-sql-context';
