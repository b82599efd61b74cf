import type { Cql2TemporalRelation } from './cql2-ast';

/** One end of a temporal operand: an instant is the interval [t, t]. */
export type TemporalEnd = 'start' | 'end';

export type EndpointOperator = '<' | '=' | '>' | '<=' | '>=';

/** `first.left operator second.right`, comparing an end of the first operand with an end of the second. */
export interface EndpointComparison {
  readonly left: TemporalEnd;
  readonly operator: EndpointOperator;
  readonly right: TemporalEnd;
}

/** Holds when every comparison of any one of its conjunctions holds (disjunctive normal form). */
export type TemporalCondition = readonly (readonly EndpointComparison[])[];

function ends(left: TemporalEnd, operator: EndpointOperator, right: TemporalEnd): EndpointComparison {
  return { left, operator, right };
}

/**
 * Each CQL2 temporal function (OGC 21-065r2 §7, after OWL-Time and Allen's interval algebra) as
 * comparisons between the ends of its two operands, a and b; both ends are included in an
 * interval. CQL2 reserves the interval-only functions for intervals; here an instant is the
 * degenerate interval [t, t], so `T_DURING(instant, interval)` — the standard's own example —
 * works, and an instant at the very start of an interval both T_MEETS and T_STARTS it.
 */
export const TEMPORAL_CONDITIONS: { readonly [relation in Cql2TemporalRelation]: TemporalCondition } = {
  t_after: [[ends('start', '>', 'end')]],
  t_before: [[ends('end', '<', 'start')]],
  t_disjoint: [[ends('start', '>', 'end')], [ends('end', '<', 'start')]],
  t_intersects: [[ends('start', '<=', 'end'), ends('end', '>=', 'start')]],
  t_equals: [[ends('start', '=', 'start'), ends('end', '=', 'end')]],
  t_meets: [[ends('end', '=', 'start')]],
  t_metBy: [[ends('start', '=', 'end')]],
  t_overlaps: [[ends('start', '<', 'start'), ends('end', '>', 'start'), ends('end', '<', 'end')]],
  t_overlappedBy: [[ends('start', '>', 'start'), ends('start', '<', 'end'), ends('end', '>', 'end')]],
  t_starts: [[ends('start', '=', 'start'), ends('end', '<', 'end')]],
  t_startedBy: [[ends('start', '=', 'start'), ends('end', '>', 'end')]],
  t_during: [[ends('start', '>', 'start'), ends('end', '<', 'end')]],
  t_contains: [[ends('start', '<', 'start'), ends('end', '>', 'end')]],
  t_finishes: [[ends('start', '>', 'start'), ends('end', '=', 'end')]],
  t_finishedBy: [[ends('start', '<', 'start'), ends('end', '=', 'end')]],
};
