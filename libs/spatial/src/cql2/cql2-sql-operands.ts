import { locationOf, type Cql2Geometry, type Cql2Operand, type Cql2ScalarLiteral } from './cql2-ast';
import { Cql2Error, quoted, type Cql2ErrorRule } from './cql2-error';
import { swapAxes } from './cql2-geometry';
import type { Cql2PropertyType, Cql2SqlContext } from './cql2-sql-context';

/** The PostgreSQL type of an operand's SQL. */
export type SqlType = 'text' | 'numeric' | 'boolean' | 'date' | 'timestamptz' | 'geometry';

export interface Typed {
  readonly type: SqlType;
  /** The operand as messages name it: `property "area" (number)`, `a string`. */
  readonly label: string;
}

export interface TypedSql extends Typed {
  readonly sql: string;
}

const PROPERTY_SQL_TYPES: { readonly [type in Cql2PropertyType]: SqlType } = {
  string: 'text',
  number: 'numeric',
  integer: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamptz',
  geometry: 'geometry',
};

const LITERAL_TYPES: { readonly [kind in Cql2ScalarLiteral['kind']]: Typed } = {
  string: { type: 'text', label: 'a string' },
  number: { type: 'numeric', label: 'a number' },
  boolean: { type: 'boolean', label: 'a boolean' },
  date: { type: 'date', label: 'a date' },
  timestamp: { type: 'timestamptz', label: 'a timestamp' },
};

/** Operand types that compare with each other; a date and a timestamp do, once the date is cast. */
const FAMILIES: { readonly [type in SqlType]: string } = {
  text: 'text',
  numeric: 'numeric',
  boolean: 'boolean',
  date: 'instant',
  timestamptz: 'instant',
  geometry: 'geometry',
};

/** An error for the filter, prefixed with where `node` was read when a parser recorded it. */
export function failAt(node: object, rule: Cql2ErrorRule, message: string): Cql2Error {
  const where = locationOf(node);
  return new Cql2Error(rule, where === undefined ? message : `${where}: ${message}`);
}

export function isScalarLiteral(operand: Cql2Operand): operand is Cql2ScalarLiteral {
  return Object.hasOwn(LITERAL_TYPES, operand.kind);
}

export function literalType(literal: Cql2ScalarLiteral): Typed {
  return LITERAL_TYPES[literal.kind];
}

/**
 * SQL for an operand: a queryable's SQL in parentheses, or a bind parameter cast to the literal's
 * type. `predicate` places type errors. Intervals exist only inside temporal functions.
 */
export function compileOperand(operand: Cql2Operand, predicate: object, context: Cql2SqlContext): TypedSql {
  switch (operand.kind) {
    case 'property': {
      const property = context.property(operand.name);
      if (property === undefined) throw failAt(operand, 'unknown_property', `${quoted(operand.name)} is not a queryable`);
      const label = `property ${quoted(operand.name)} (${property.type})`;
      return { sql: `(${property.sql})`, type: PROPERTY_SQL_TYPES[property.type], label };
    }
    case 'geometry':
      return { sql: geometryLiteralSql(operand.geometry, context), type: 'geometry', label: 'a geometry' };
    case 'interval':
      throw failAt(predicate, 'type', 'an interval can only be an argument of a temporal function (T_…)');
    default: {
      const typed = literalType(operand);
      return { ...typed, sql: `${context.param(operand.value)}::${typed.type}` };
    }
  }
}

/**
 * The type operands compared by one predicate share. They must be of one family; geometries
 * are refused (they meet through spatial functions); a date meeting a timestamp makes both
 * timestamps, the date being midnight in the database session's time zone.
 */
export function commonType(operands: readonly Typed[], predicate: object, operator: string): SqlType {
  const [first, ...rest] = operands;
  if (first === undefined) throw new Error('a predicate has operands');
  const geometry = operands.find((operand) => operand.type === 'geometry');
  if (geometry !== undefined) {
    throw failAt(predicate, 'type', `${operator} cannot take ${geometry.label}; use a spatial function such as S_INTERSECTS`);
  }
  const stranger = rest.find((operand) => FAMILIES[operand.type] !== FAMILIES[first.type]);
  if (stranger !== undefined) throw failAt(predicate, 'type', `${operator} cannot compare ${first.label} with ${stranger.label}`);
  return operands.some((operand) => operand.type === 'timestamptz') ? 'timestamptz' : first.type;
}

/** The operand's SQL as `type`: only a date ever needs a cast, to meet a timestamp. */
export function sqlAs(operand: TypedSql, type: SqlType): string {
  return operand.type === type ? operand.sql : `${operand.sql}::${type}`;
}

/**
 * A geometry literal as PostGIS reads it: GeoJSON in a bind parameter, axes put in x/y order
 * first, placed in the filter CRS and then in the storage CRS. SRIDs are inlined, so they
 * must be integers.
 */
function geometryLiteralSql(geometry: Cql2Geometry, context: Cql2SqlContext): string {
  const { srid, latitudeFirst } = context.filterCrs;
  const geojson = JSON.stringify(latitudeFirst ? swapAxes(geometry) : geometry);
  return `ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${context.param(geojson)}::text), ${sridSql(srid)}), ${sridSql(context.storageSrid)})`;
}

function sridSql(srid: number): string {
  if (!Number.isSafeInteger(srid) || srid <= 0) throw new Error(`an SRID is a positive integer, not ${srid}`);
  return String(srid);
}
