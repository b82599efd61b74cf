import type { Cql2Expression, Cql2ScalarLiteral, Cql2SpatialRelation } from './cql2-ast';
import { toPostgresLikePattern } from './cql2-like';
import type { Cql2SqlContext } from './cql2-sql-context';
import { commonType, compileOperand, failAt, isScalarLiteral, literalType, sqlAs, type TypedSql } from './cql2-sql-operands';
import { temporalSql } from './cql2-sql-temporal';

type Predicate<Op extends Cql2Expression['op']> = Extract<Cql2Expression, { op: Op }>;

const POSTGIS_FUNCTIONS: { readonly [relation in Cql2SpatialRelation]: string } = {
  s_intersects: 'ST_Intersects',
  s_equals: 'ST_Equals',
  s_disjoint: 'ST_Disjoint',
  s_touches: 'ST_Touches',
  s_within: 'ST_Within',
  s_overlaps: 'ST_Overlaps',
  s_crosses: 'ST_Crosses',
  s_contains: 'ST_Contains',
};

/**
 * The filter as one PostgreSQL/PostGIS boolean expression. No value from the filter is written
 * into the SQL: every literal goes through `context.param`, every property through
 * `context.property`, which is the whitelist of queryables. Comparisons follow SQL's
 * three-valued logic, so a NULL property matches neither `a = 1` nor `NOT (a = 1)`.
 */
export function compileCql2(expression: Cql2Expression, context: Cql2SqlContext): string {
  switch (expression.op) {
    case 'and':
    case 'or':
      return `(${expression.args.map((arg) => compileCql2(arg, context)).join(` ${expression.op.toUpperCase()} `)})`;
    case 'not':
      return `NOT (${compileCql2(expression.arg, context)})`;
    case 'literal':
      return `${context.param(expression.value)}::boolean`;
    case 'compare':
      return comparisonSql(expression, context);
    case 'like':
      return likeSql(expression, context);
    case 'between':
      return betweenSql(expression, context);
    case 'in':
      return inSql(expression, context);
    case 'isNull':
      return `${compileOperand(expression.value, expression, context).sql} IS NULL`;
    case 'spatial':
      return spatialSql(expression, context);
    case 'temporal':
      return temporalSql(expression, context);
  }
}

function comparisonSql(predicate: Predicate<'compare'>, context: Cql2SqlContext): string {
  const left = compileOperand(predicate.left, predicate, context);
  const right = compileOperand(predicate.right, predicate, context);
  const type = commonType([left, right], predicate, predicate.operator);
  return `${sqlAs(left, type)} ${predicate.operator} ${sqlAs(right, type)}`;
}

/** CQL2 and PostgreSQL share LIKE's wildcards and backslash escape; the pattern is a parameter. */
function likeSql(predicate: Predicate<'like'>, context: Cql2SqlContext): string {
  const value = compileOperand(predicate.value, predicate, context);
  if (value.type !== 'text') throw failAt(predicate, 'type', `LIKE takes a string, not ${value.label}`);
  const pattern = context.param(toPostgresLikePattern(predicate.pattern));
  return `${value.sql} LIKE ${pattern}::text ESCAPE E'\\\\'`;
}

function betweenSql(predicate: Predicate<'between'>, context: Cql2SqlContext): string {
  const operands = [predicate.value, predicate.low, predicate.high].map((operand) => compileOperand(operand, predicate, context));
  const type = commonType(operands, predicate, 'BETWEEN');
  const [value, low, high] = operands.map((operand) => sqlAs(operand, type));
  return `(${value} BETWEEN ${low} AND ${high})`;
}

/** A list of literals is one array parameter, whatever its length; a list naming properties is spelt out. */
function inSql(predicate: Predicate<'in'>, context: Cql2SqlContext): string {
  const value = compileOperand(predicate.value, predicate, context);
  const literals = predicate.list.filter(isScalarLiteral);
  if (literals.length === predicate.list.length) return inLiteralsSql(predicate, value, literals, context);
  const items = predicate.list.map((item) => compileOperand(item, predicate, context));
  const type = commonType([value, ...items], predicate, 'IN');
  return `${sqlAs(value, type)} IN (${items.map((item) => sqlAs(item, type)).join(', ')})`;
}

function inLiteralsSql(
  predicate: Predicate<'in'>,
  value: TypedSql,
  literals: readonly Cql2ScalarLiteral[],
  context: Cql2SqlContext,
): string {
  const type = commonType([value, ...literals.map(literalType)], predicate, 'IN');
  const values = literals.map((literal) => literal.value);
  return `${sqlAs(value, type)} = ANY(${context.param(values)}::${type}[])`;
}

function spatialSql(predicate: Predicate<'spatial'>, context: Cql2SqlContext): string {
  const name = predicate.relation.toUpperCase();
  const [left, right] = [predicate.left, predicate.right].map((operand) => {
    const geometry = compileOperand(operand, predicate, context);
    if (geometry.type !== 'geometry') throw failAt(predicate, 'type', `${name} takes geometries, not ${geometry.label}`);
    return geometry.sql;
  });
  return `${POSTGIS_FUNCTIONS[predicate.relation]}(${left}, ${right})`;
}
