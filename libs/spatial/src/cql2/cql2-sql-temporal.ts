import type { Cql2Expression, Cql2IntervalBound, Cql2IntervalLiteral, Cql2Operand } from './cql2-ast';
import type { Cql2Error } from './cql2-error';
import type { Cql2SqlContext } from './cql2-sql-context';
import { compileOperand, failAt, literalType } from './cql2-sql-operands';
import { TEMPORAL_CONDITIONS, type EndpointComparison, type TemporalEnd } from './cql2-temporal';

type TemporalPredicate = Extract<Cql2Expression, { op: 'temporal' }>;
type InstantType = 'date' | 'timestamptz';

/**
 * One end of a temporal operand. Its SQL is made on first use: a relation reads only some ends
 * (T_AFTER only a's start and b's end), and a bind parameter that the SQL never mentions
 * leaves PostgreSQL unable to type it. An instant's one parameter serves both its ends.
 */
interface Instant {
  readonly type: InstantType;
  readonly sql: () => string;
}

/** An interval's ends; `undefined` for an open end ('..'). */
interface Range {
  readonly start: Instant | undefined;
  readonly end: Instant | undefined;
}

/**
 * A temporal function as comparisons of its operands' ends (see TEMPORAL_CONDITIONS). An open
 * end is ±infinity, which PostgreSQL's date and timestamptz both have; when any end is a
 * timestamp, dates are cast to timestamps.
 */
export function temporalSql(predicate: TemporalPredicate, context: Cql2SqlContext): string {
  const first = rangeOf(predicate.left, predicate, context);
  const second = rangeOf(predicate.right, predicate, context);
  const ends = [first.start, first.end, second.start, second.end];
  const type: InstantType = ends.some((end) => end?.type === 'timestamptz') ? 'timestamptz' : 'date';
  const endSql = (range: Range, end: TemporalEnd): string => {
    const instant = range[end];
    if (instant === undefined) return `'${end === 'start' ? '-infinity' : 'infinity'}'::${type}`;
    return instant.type === type ? instant.sql() : `${instant.sql()}::${type}`;
  };
  const comparisonSql = ({ left, operator, right }: EndpointComparison): string =>
    `${endSql(first, left)} ${operator} ${endSql(second, right)}`;
  const conjunctions = TEMPORAL_CONDITIONS[predicate.relation].map((all) => all.map(comparisonSql).join(' AND '));
  return conjunctions.length === 1 ? `(${conjunctions.join('')})` : `(${conjunctions.map((all) => `(${all})`).join(' OR ')})`;
}

/** An instant is the interval [t, t]. */
function rangeOf(operand: Cql2Operand, predicate: TemporalPredicate, context: Cql2SqlContext): Range {
  if (operand.kind !== 'interval') {
    const instant = instantOf(operand, predicate, context);
    return { start: instant, end: instant };
  }
  return { start: boundOf(operand.start, predicate, context), end: boundOf(operand.end, predicate, context) };
}

function boundOf(bound: Cql2IntervalBound, predicate: TemporalPredicate, context: Cql2SqlContext): Instant | undefined {
  return bound.kind === 'unbounded' ? undefined : instantOf(bound, predicate, context);
}

function instantOf(
  operand: Exclude<Cql2Operand, Cql2IntervalLiteral>,
  predicate: TemporalPredicate,
  context: Cql2SqlContext,
): Instant {
  switch (operand.kind) {
    case 'date':
    case 'timestamp': {
      const type = operand.kind === 'date' ? 'date' : 'timestamptz';
      let placeholder: string | undefined;
      return { type, sql: () => (placeholder ??= `${context.param(operand.value)}::${type}`) };
    }
    case 'property': {
      const property = compileOperand(operand, predicate, context);
      if (property.type === 'date' || property.type === 'timestamptz') return { type: property.type, sql: () => property.sql };
      throw notTemporal(predicate, property.label);
    }
    case 'geometry':
      throw notTemporal(predicate, 'a geometry');
    default:
      throw notTemporal(predicate, literalType(operand).label);
  }
}

function notTemporal(predicate: TemporalPredicate, label: string): Cql2Error {
  return failAt(predicate, 'type', `${predicate.relation.toUpperCase()} takes dates, timestamps or intervals, not ${label}`);
}
