import { describe, expect, it } from 'vitest';
import { CQL2_TEMPORAL_RELATIONS, type Cql2TemporalRelation } from './cql2-ast';
import { TEMPORAL_CONDITIONS, type EndpointOperator } from './cql2-temporal';

/** [start, end] in milliseconds; an instant is [t, t], an open end ±Infinity. */
type Span = readonly [number, number];

const COMPARE: { readonly [operator in EndpointOperator]: (left: number, right: number) => boolean } = {
  '<': (left, right) => left < right,
  '>': (left, right) => left > right,
  '=': (left, right) => left === right,
  '<=': (left, right) => left <= right,
  '>=': (left, right) => left >= right,
};

/** Evaluates a relation's condition, as the compiled SQL does, on two spans. */
function holds(relation: Cql2TemporalRelation, a: Span, b: Span): boolean {
  const end = (span: Span, which: 'start' | 'end') => (which === 'start' ? span[0] : span[1]);
  return TEMPORAL_CONDITIONS[relation].some((all) =>
    all.every(({ left, operator, right }) => COMPARE[operator](end(a, left), end(b, right))),
  );
}

const at = (timestamp: string): number => Date.parse(timestamp);
const instant = (timestamp: string): Span => [at(timestamp), at(timestamp)];
const interval = (start: string, end: string): Span => [
  start === '..' ? -Infinity : at(start),
  end === '..' ? Infinity : at(end),
];

const JULY = interval('1969-07-16T13:32:00Z', '1969-07-24T16:50:35Z');
const LANDING = instant('1969-07-20T20:17:40Z');

describe('temporal functions on concrete instants and intervals', () => {
  // For each function: operands for which it holds, and the nearest operands for which it does not.
  const cases: readonly [Cql2TemporalRelation, Span, Span, boolean][] = [
    ['t_after', instant('1969-07-25T00:00:00Z'), JULY, true],
    ['t_after', instant('1969-07-24T16:50:35Z'), JULY, false],
    ['t_after', LANDING, interval('..', '1969-07-20T00:00:00Z'), true],
    ['t_before', interval('1969-07-01T00:00:00Z', '1969-07-16T13:31:59Z'), JULY, true],
    ['t_before', interval('1969-07-01T00:00:00Z', '1969-07-16T13:32:00Z'), JULY, false],
    ['t_before', LANDING, interval('1969-07-21T00:00:00Z', '..'), true],
    ['t_contains', JULY, interval('1969-07-17T00:00:00Z', '1969-07-18T00:00:00Z'), true],
    ['t_contains', JULY, interval('1969-07-16T13:32:00Z', '1969-07-18T00:00:00Z'), false],
    ['t_contains', interval('..', '..'), JULY, true],
    ['t_disjoint', LANDING, interval('1969-07-21T00:00:00Z', '..'), true],
    ['t_disjoint', interval('1969-07-25T00:00:00Z', '..'), JULY, true],
    ['t_disjoint', LANDING, JULY, false],
    ['t_during', LANDING, JULY, true],
    ['t_during', instant('1969-07-16T13:32:00Z'), JULY, false],
    ['t_during', JULY, interval('1969-01-01T00:00:00Z', '..'), true],
    ['t_equals', LANDING, instant('1969-07-20T20:17:40Z'), true],
    ['t_equals', LANDING, instant('1969-07-20T20:17:41Z'), false],
    ['t_equals', JULY, interval('1969-07-16T13:32:00Z', '1969-07-24T16:50:35Z'), true],
    ['t_finishedBy', JULY, interval('1969-07-20T00:00:00Z', '1969-07-24T16:50:35Z'), true],
    ['t_finishedBy', JULY, JULY, false],
    ['t_finishes', interval('1969-07-20T00:00:00Z', '1969-07-24T16:50:35Z'), JULY, true],
    ['t_finishes', interval('1969-07-20T00:00:00Z', '1969-07-24T16:50:34Z'), JULY, false],
    ['t_intersects', LANDING, JULY, true],
    ['t_intersects', instant('1969-07-24T16:50:35Z'), JULY, true],
    ['t_intersects', instant('1969-07-24T16:50:36Z'), JULY, false],
    ['t_intersects', interval('1969-07-24T16:50:35Z', '..'), JULY, true],
    ['t_meets', interval('1969-07-01T00:00:00Z', '1969-07-16T13:32:00Z'), JULY, true],
    ['t_meets', interval('1969-07-01T00:00:00Z', '1969-07-16T13:32:01Z'), JULY, false],
    ['t_metBy', interval('1969-07-24T16:50:35Z', '..'), JULY, true],
    ['t_metBy', interval('1969-07-24T16:50:36Z', '..'), JULY, false],
    ['t_overlappedBy', interval('1969-07-20T00:00:00Z', '1969-08-01T00:00:00Z'), JULY, true],
    ['t_overlappedBy', interval('1969-07-20T00:00:00Z', '1969-07-24T16:50:35Z'), JULY, false],
    ['t_overlaps', interval('1969-07-01T00:00:00Z', '1969-07-20T00:00:00Z'), JULY, true],
    ['t_overlaps', interval('1969-07-01T00:00:00Z', '1969-07-16T13:32:00Z'), JULY, false],
    ['t_overlaps', interval('..', '1969-07-20T00:00:00Z'), JULY, true],
    ['t_startedBy', JULY, interval('1969-07-16T13:32:00Z', '1969-07-20T00:00:00Z'), true],
    ['t_startedBy', JULY, interval('1969-07-16T13:32:00Z', '1969-07-30T00:00:00Z'), false],
    ['t_starts', interval('1969-07-16T13:32:00Z', '1969-07-20T00:00:00Z'), JULY, true],
    ['t_starts', interval('1969-07-16T13:32:01Z', '1969-07-20T00:00:00Z'), JULY, false],
  ];

  it.each(cases)('%s(%j, %j) is %s', (relation, a, b, expected) => {
    expect(holds(relation, a, b)).toBe(expected);
  });

  it('has a true and a false case for every one of the 15 functions', () => {
    for (const relation of CQL2_TEMPORAL_RELATIONS) {
      const outcomes = new Set(cases.filter(([name]) => name === relation).map(([, , , expected]) => expected));
      expect([relation, outcomes.size]).toEqual([relation, 2]);
    }
  });
});

describe("Allen's interval algebra", () => {
  const BASE_RELATIONS: readonly Cql2TemporalRelation[] = [
    't_before',
    't_after',
    't_meets',
    't_metBy',
    't_overlaps',
    't_overlappedBy',
    't_starts',
    't_startedBy',
    't_during',
    't_contains',
    't_finishes',
    't_finishedBy',
    't_equals',
  ];
  const properIntervals: Span[] = [];
  for (let start = 0; start < 6; start += 1) {
    for (let end = start + 1; end < 6; end += 1) properIntervals.push([start, end]);
  }
  const pairs = properIntervals.flatMap((a) => properIntervals.map((b): [Span, Span] => [a, b]));

  it('relates every pair of proper intervals by exactly one of the 13 base relations', () => {
    for (const [a, b] of pairs) {
      const related = BASE_RELATIONS.filter((relation) => holds(relation, a, b));
      expect({ a, b, related: related.length }).toEqual({ a, b, related: 1 });
    }
  });

  it('pairs each base relation with its converse', () => {
    const converses: readonly [Cql2TemporalRelation, Cql2TemporalRelation][] = [
      ['t_before', 't_after'],
      ['t_meets', 't_metBy'],
      ['t_overlaps', 't_overlappedBy'],
      ['t_starts', 't_startedBy'],
      ['t_during', 't_contains'],
      ['t_finishes', 't_finishedBy'],
      ['t_equals', 't_equals'],
    ];
    for (const [a, b] of pairs) {
      for (const [relation, converse] of converses) expect(holds(relation, a, b)).toBe(holds(converse, b, a));
    }
  });

  it('makes T_DISJOINT "before or after" and T_INTERSECTS its negation, for instants too', () => {
    const spans = [...properIntervals, ...[0, 1, 2, 3, 4, 5].map((t): Span => [t, t])];
    for (const a of spans) {
      for (const b of spans) {
        expect(holds('t_disjoint', a, b)).toBe(holds('t_before', a, b) || holds('t_after', a, b));
        expect(holds('t_intersects', a, b)).toBe(!holds('t_disjoint', a, b));
      }
    }
  });
});
