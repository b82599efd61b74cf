import { describe, expect, it } from 'vitest';
import { CQL2_LIMITS, Cql2Error } from './cql2-error';
import { parseCql2Json } from './cql2-json';
import { parseCql2Text } from './cql2-text';

function errorOf(json: unknown): Cql2Error {
  try {
    parseCql2Json(json);
  } catch (error) {
    if (error instanceof Cql2Error) return error;
    throw error;
  }
  throw new Error(`read without error: ${JSON.stringify(json)}`);
}

const prop = (name: string) => ({ property: name });
const geom = prop('geom');
const equalsOne = { op: '=', args: [prop('a'), 1] };

describe('parseCql2Json: the same tree as cql2-text', () => {
  it.each<[string, unknown]>([
    ["name = 'x'", { op: '=', args: [prop('name'), 'x'] }],
    ['a <> b', { op: '<>', args: [prop('a'), prop('b')] }],
    ['1 < a', { op: '<', args: [1, prop('a')] }],
    ['a > -1.5', { op: '>', args: [prop('a'), -1.5] }],
    [
      'a <= 2 AND a >= 1 AND b = TRUE',
      {
        op: 'and',
        args: [
          { op: '<=', args: [prop('a'), 2] },
          { op: '>=', args: [prop('a'), 1] },
          { op: '=', args: [prop('b'), true] },
        ],
      },
    ],
    ['a = 1 OR NOT b = 2', { op: 'or', args: [equalsOne, { op: 'not', args: [{ op: '=', args: [prop('b'), 2] }] }] }],
    ['FALSE', false],
    ["name LIKE 'Smith%'", { op: 'like', args: [prop('name'), 'Smith%'] }],
    ["name NOT LIKE 'a\\_b'", { op: 'not', args: [{ op: 'like', args: [prop('name'), 'a\\_b'] }] }],
    ['depth BETWEEN 100.0 AND 150.0', { op: 'between', args: [prop('depth'), 100, 150] }],
    ["city IN ('Toronto', 'Frankfurt')", { op: 'in', args: [prop('city'), ['Toronto', 'Frankfurt']] }],
    ['category NOT IN (1, 2)', { op: 'not', args: [{ op: 'in', args: [prop('category'), [1, 2]] }] }],
    ['name IS NULL', { op: 'isNull', args: [prop('name')] }],
    ['name IS NOT NULL', { op: 'not', args: [{ op: 'isNull', args: [prop('name')] }] }],
    ["d = DATE('1969-07-20')", { op: '=', args: [prop('d'), { date: '1969-07-20' }] }],
    ["t > TIMESTAMP('1969-07-20T20:17:40Z')", { op: '>', args: [prop('t'), { timestamp: '1969-07-20T20:17:40Z' }] }],
    ['S_INTERSECTS(geom, POINT(1 2))', { op: 's_intersects', args: [geom, { type: 'Point', coordinates: [1, 2] }] }],
    ['S_WITHIN(geom, BBOX(1, 2, 3, 4))', { op: 's_within', args: [geom, { bbox: [1, 2, 3, 4] }] }],
    ['S_CONTAINS(POINT(1 2), geom)', { op: 's_contains', args: [{ type: 'Point', coordinates: [1, 2] }, geom] }],
    ["T_AFTER(t, INTERVAL('2020-01-01', '..'))", { op: 't_after', args: [prop('t'), { interval: ['2020-01-01', '..'] }] }],
    ['T_FINISHEDBY(INTERVAL(s, e), t)', { op: 't_finishedBy', args: [{ interval: [prop('s'), prop('e')] }, prop('t')] }],
    [
      'S_CROSSES(geom, POLYGON((0 0, 1 0, 1 1, 0 0), (0.1 0.1, 0.2 0.1, 0.2 0.2, 0.1 0.1)))',
      {
        op: 's_crosses',
        args: [
          geom,
          {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
              [
                [0.1, 0.1],
                [0.2, 0.1],
                [0.2, 0.2],
                [0.1, 0.1],
              ],
            ],
          },
        ],
      },
    ],
    [
      'S_DISJOINT(geom, GEOMETRYCOLLECTION(POINT(1 2), MULTIPOINT((3 4))))',
      {
        op: 's_disjoint',
        args: [
          geom,
          {
            type: 'GeometryCollection',
            geometries: [
              { type: 'Point', coordinates: [1, 2] },
              { type: 'MultiPoint', coordinates: [[3, 4]] },
            ],
          },
        ],
      },
    ],
  ])('reads the equivalent of %s', (text, json) => {
    expect(parseCql2Json(json)).toEqual(parseCql2Text(text));
  });

  it('matches operator names in any letter case', () => {
    expect(parseCql2Json({ op: 'T_METBY', args: [prop('a'), prop('b')] })).toEqual(parseCql2Text('T_METBY(a, b)'));
    expect(parseCql2Json({ op: 'AND', args: [equalsOne, true] })).toEqual(parseCql2Text('a = 1 AND TRUE'));
    expect(parseCql2Json({ op: 'ISNULL', args: [prop('a')] })).toEqual(parseCql2Text('a IS NULL'));
  });

  it('accepts the optional bbox member of a GeoJSON geometry', () => {
    expect(
      parseCql2Json({ op: 's_intersects', args: [geom, { type: 'Point', coordinates: [1, 2], bbox: [1, 2, 1, 2] }] }),
    ).toEqual(parseCql2Text('S_INTERSECTS(geom, POINT(1 2))'));
  });
});

describe('parseCql2Json: a strict reading of the shape', () => {
  it.each<[string, unknown, string, string]>([
    [
      'a bare string',
      'a = 1',
      'syntax',
      'at the top level: expected a boolean expression: {"op": …, "args": […]}, true or false',
    ],
    ['an unknown member', { op: '=', args: [prop('a'), 1], note: 'x' }, 'syntax', 'at the top level: unexpected member "note"'],
    ['args that are not an array', { op: '=', args: prop('a') }, 'syntax', 'at /args: expected an array'],
    ['an op that is not a string', { op: 1, args: [] }, 'syntax', 'at /op: expected a string'],
    ['NOT with two arguments', { op: 'not', args: [true, true] }, 'syntax', 'at the top level: "not" takes 1 argument, not 2'],
    ['AND with one argument', { op: 'and', args: [true] }, 'syntax', 'at the top level: "and" takes at least 2 arguments, not 1'],
    [
      'BETWEEN with two arguments',
      { op: 'between', args: [prop('a'), 1] },
      'syntax',
      'at the top level: "between" takes 3 arguments, not 2',
    ],
    [
      'a spatial function with one argument',
      { op: 's_intersects', args: [geom] },
      'syntax',
      'at the top level: "s_intersects" takes 2 arguments, not 1',
    ],
    ['IN without a list', { op: 'in', args: [prop('a'), 1] }, 'syntax', 'at /args/1: the second argument of "in" is an array'],
    ['an empty IN list', { op: 'in', args: [prop('a'), []] }, 'syntax', 'at /args/1: the IN list is empty'],
    [
      'a property name that is not a string',
      { op: '=', args: [{ property: 1 }, 1] },
      'syntax',
      'at /args/0/property: expected a string',
    ],
    [
      'an empty property name',
      { op: '=', args: [{ property: '' }, 1] },
      'syntax',
      'at /args/0/property: a property name cannot be empty',
    ],
    [
      'a property with company',
      { op: '=', args: [{ property: 'a', type: 'x' }, 1] },
      'syntax',
      'at /args/0: unexpected member "type"',
    ],
    ['null', { op: '=', args: [prop('a'), null] }, 'syntax', 'at /args/1: expected a property, a literal or a geometry'],
    [
      'an array operand',
      { op: '=', args: [prop('a'), [1]] },
      'syntax',
      'at /args/1: expected a property, a literal or a geometry',
    ],
    ['an infinite number', { op: '=', args: [prop('a'), Infinity] }, 'syntax', 'at /args/1: expected a finite number'],
    [
      'an unreal date',
      { op: '=', args: [prop('d'), { date: '2023-02-29' }] },
      'syntax',
      'at /args/1/date: "2023-02-29" is not a date (YYYY-MM-DD)',
    ],
    [
      'a timestamp without a zone',
      { op: '=', args: [prop('t'), { timestamp: '2020-01-01T00:00:00' }] },
      'syntax',
      'at /args/1/timestamp: "2020-01-01T00:00:00" is not an RFC 3339 timestamp (e.g. 2024-05-01T08:00:00Z)',
    ],
    [
      'an interval of three',
      { op: 't_after', args: [prop('t'), { interval: ['..', '..', '..'] }] },
      'syntax',
      'at /args/1/interval: an interval has 2 ends, not 3',
    ],
    [
      'an interval end that is a number',
      { op: 't_after', args: [prop('t'), { interval: [1, '..'] }] },
      'syntax',
      'at /args/1/interval/0: an interval end is a date, a timestamp, ".." or a property',
    ],
    [
      'a backwards interval',
      { op: 't_after', args: [prop('t'), { interval: ['2020-02-01', '2020-01-01'] }] },
      'syntax',
      'at /args/1: the interval ends before it starts',
    ],
    [
      'a LIKE pattern that is not a string',
      { op: 'like', args: [prop('a'), 1] },
      'syntax',
      'at /args/1: a LIKE pattern is a string',
    ],
    [
      'a LIKE pattern ending in a lone escape',
      { op: 'like', args: [prop('a'), 'a\\'] },
      'syntax',
      'at /args/1: a LIKE pattern cannot end with a lone escape character "\\"',
    ],
    [
      'a bbox of five numbers',
      { op: 's_intersects', args: [geom, { bbox: [1, 2, 3, 4, 5] }] },
      'syntax',
      'at /args/1: a bounding box has 4 numbers, not 5',
    ],
    [
      'a GeoJSON crs member',
      { op: 's_intersects', args: [geom, { type: 'Point', coordinates: [1, 2], crs: {} }] },
      'syntax',
      'at /args/1: unexpected member "crs"',
    ],
    [
      'an unknown geometry type',
      { op: 's_intersects', args: [geom, { type: 'Circle', coordinates: [1, 2] }] },
      'syntax',
      'at /args/1/type: expected a GeoJSON geometry type (Point, LineString, Polygon, …)',
    ],
    [
      'a position of one number',
      { op: 's_intersects', args: [geom, { type: 'Point', coordinates: [1] }] },
      'syntax',
      'at /args/1/coordinates: a position has 2 numbers',
    ],
    [
      'a coordinate that is a string',
      { op: 's_intersects', args: [geom, { type: 'Point', coordinates: [1, '2'] }] },
      'syntax',
      'at /args/1/coordinates/1: expected a finite number',
    ],
    [
      'an open ring',
      {
        op: 's_intersects',
        args: [
          geom,
          {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 1],
              ],
            ],
          },
        ],
      },
      'syntax',
      'at /args/1: a polygon ring must end where it starts',
    ],
    [
      'a one-position line',
      { op: 's_intersects', args: [geom, { type: 'LineString', coordinates: [[0, 0]] }] },
      'syntax',
      'at /args/1: a line string needs at least 2 positions',
    ],
    [
      'a polygon without rings',
      { op: 's_intersects', args: [geom, { type: 'Polygon', coordinates: [] }] },
      'syntax',
      'at /args/1: a polygon needs an exterior ring',
    ],
    [
      'a 3D position',
      { op: 's_intersects', args: [geom, { type: 'Point', coordinates: [1, 2, 3] }] },
      'unsupported',
      'at /args/1/coordinates: 3D coordinates are not supported',
    ],
    [
      'a 3D bbox',
      { op: 's_intersects', args: [geom, { bbox: [0, 0, 0, 1, 1, 1] }] },
      'unsupported',
      'at /args/1: 3D bounding boxes (6 numbers) are not supported',
    ],
    [
      'a nested collection',
      {
        op: 's_intersects',
        args: [geom, { type: 'GeometryCollection', geometries: [{ type: 'GeometryCollection', geometries: [] }] }],
      },
      'unsupported',
      'at /args/1/geometries/0: nested geometry collections are not supported',
    ],
    [
      'casei',
      { op: '=', args: [{ op: 'casei', args: [prop('a')] }, 'x'] },
      'unsupported',
      'at /args/0: casei (case- and accent-insensitive comparison) is not supported',
    ],
    [
      'accenti in a pattern',
      { op: 'like', args: [prop('a'), { op: 'accenti', args: ['x'] }] },
      'unsupported',
      'at /args/1: accenti (case- and accent-insensitive comparison) is not supported',
    ],
    [
      'arithmetic',
      { op: '>', args: [prop('a'), { op: '-', args: [prop('b'), 1] }] },
      'unsupported',
      'at /args/1: arithmetic expressions are not supported',
    ],
    [
      'an array function',
      { op: 'a_contains', args: [prop('a'), ['x']] },
      'unsupported',
      'at the top level: array functions such as "a_contains" are not supported',
    ],
    [
      'a custom function',
      { op: 'Buffer', args: [geom, 10] },
      'unsupported',
      'at the top level: the function "Buffer" is not supported',
    ],
    [
      'a predicate as a value',
      { op: '=', args: [equalsOne, true] },
      'unsupported',
      'at /args/0: a predicate cannot be used as a value',
    ],
  ])('refuses %s', (_, json, rule, message) => {
    const error = errorOf(json);
    expect({ rule: error.rule, message: error.message }).toEqual({ rule, message });
  });
});

describe('parseCql2Json: limits', () => {
  const nested = (depth: number): unknown => (depth === 0 ? equalsOne : { op: 'not', args: [nested(depth - 1)] });

  it(`accepts ${CQL2_LIMITS.maxDepth} levels of nesting and refuses one more`, () => {
    expect(parseCql2Json(nested(CQL2_LIMITS.maxDepth))).toMatchObject({ op: 'not' });
    const error = errorOf(nested(CQL2_LIMITS.maxDepth + 1));
    expect({ rule: error.rule, message: error.message }).toEqual({
      rule: 'too_complex',
      message: `at ${'/args/0'.repeat(CQL2_LIMITS.maxDepth)}: nested deeper than 50 levels`,
    });
  });

  it(`accepts ${CQL2_LIMITS.maxInListLength} values in an IN list and refuses one more`, () => {
    const list = (length: number) => ({ op: 'in', args: [prop('a'), Array.from({ length }, (_, i) => i)] });
    expect(parseCql2Json(list(CQL2_LIMITS.maxInListLength))).toMatchObject({ op: 'in' });
    const error = errorOf(list(CQL2_LIMITS.maxInListLength + 1));
    expect({ rule: error.rule, message: error.message }).toEqual({
      rule: 'too_complex',
      message: 'at /args/1: the IN list has 1001 values, more than 1000',
    });
  });

  it(`accepts ${CQL2_LIMITS.maxGeometryPositions} positions in a geometry and refuses one more`, () => {
    const line = (length: number) => ({
      op: 's_intersects',
      args: [geom, { type: 'LineString', coordinates: Array.from({ length }, (_, i) => [i, i]) }],
    });
    expect(parseCql2Json(line(CQL2_LIMITS.maxGeometryPositions))).toMatchObject({ op: 'spatial' });
    const error = errorOf(line(CQL2_LIMITS.maxGeometryPositions + 1));
    expect({ rule: error.rule, message: error.message }).toEqual({
      rule: 'too_complex',
      message: 'at /args/1: the geometry has 100001 positions, more than 100000',
    });
  });
});
