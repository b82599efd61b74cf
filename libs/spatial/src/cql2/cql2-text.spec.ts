import { describe, expect, it } from 'vitest';
import type { Cql2Expression, Cql2Operand } from './cql2-ast';
import { CQL2_LIMITS, Cql2Error } from './cql2-error';
import { parseCql2Text } from './cql2-text';

function errorOf(text: string): Cql2Error {
  try {
    parseCql2Text(text);
  } catch (error) {
    if (error instanceof Cql2Error) return error;
    throw error;
  }
  throw new Error(`parsed without error: ${text}`);
}

const property = (name: string): Cql2Operand => ({ kind: 'property', name });
const number = (value: number): Cql2Operand => ({ kind: 'number', value });
const equals = (name: string, value: number): Cql2Expression => ({
  op: 'compare',
  operator: '=',
  left: property(name),
  right: number(value),
});

/** The right operand of `x = …`, to look at one literal at a time. */
function literal(text: string): Cql2Operand {
  const expression = parseCql2Text(`x = ${text}`);
  if (expression.op !== 'compare') throw new Error(`not a comparison: ${text}`);
  return expression.right;
}

/** The second argument of `S_INTERSECTS(geom, …)`, to look at one geometry at a time. */
function geometry(text: string): unknown {
  const expression = parseCql2Text(`S_INTERSECTS(geom, ${text})`);
  if (expression.op !== 'spatial' || expression.right.kind !== 'geometry') throw new Error(`not a geometry: ${text}`);
  return expression.right.geometry;
}

describe('parseCql2Text: boolean structure', () => {
  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(parseCql2Text('a = 1 OR b = 2 AND NOT c = 3')).toEqual({
      op: 'or',
      args: [equals('a', 1), { op: 'and', args: [equals('b', 2), { op: 'not', arg: equals('c', 3) }] }],
    });
    expect(parseCql2Text('NOT a = 1 AND b = 2')).toEqual({
      op: 'and',
      args: [{ op: 'not', arg: equals('a', 1) }, equals('b', 2)],
    });
  });

  it('lets parentheses override precedence, and reads a chain as one n-ary node', () => {
    expect(parseCql2Text('(a = 1 OR b = 2) AND c = 3')).toEqual({
      op: 'and',
      args: [{ op: 'or', args: [equals('a', 1), equals('b', 2)] }, equals('c', 3)],
    });
    expect(parseCql2Text('a = 1 AND b = 2 AND c = 3')).toEqual({
      op: 'and',
      args: [equals('a', 1), equals('b', 2), equals('c', 3)],
    });
    expect(parseCql2Text('((a = 1))')).toEqual(equals('a', 1));
  });

  it('reads keywords in any letter case', () => {
    expect(parseCql2Text('a = 1 oR b = 2 aNd not c = 3')).toEqual(parseCql2Text('a = 1 OR b = 2 AND NOT c = 3'));
    expect(parseCql2Text("name not like 'x%' and area Between 1 AND 2 and id iN (1) and z is NOT null")).toEqual(
      parseCql2Text("name NOT LIKE 'x%' AND area BETWEEN 1 AND 2 AND id IN (1) AND z IS NOT NULL"),
    );
  });

  it('reads TRUE and FALSE as predicates and as operands', () => {
    expect(parseCql2Text('TRUE')).toEqual({ op: 'literal', value: true });
    expect(parseCql2Text('false OR a = 1')).toEqual({ op: 'or', args: [{ op: 'literal', value: false }, equals('a', 1)] });
    expect(parseCql2Text('open = true')).toEqual({
      op: 'compare',
      operator: '=',
      left: property('open'),
      right: { kind: 'boolean', value: true },
    });
  });

  it('reads the negated forms as NOT around the predicate, as cql2-json writes them', () => {
    expect(parseCql2Text("name NOT LIKE 'a%'")).toEqual({
      op: 'not',
      arg: { op: 'like', value: property('name'), pattern: 'a%' },
    });
    expect(parseCql2Text('area NOT BETWEEN 1 AND 2')).toEqual({
      op: 'not',
      arg: { op: 'between', value: property('area'), low: number(1), high: number(2) },
    });
    expect(parseCql2Text('id NOT IN (1, 2)')).toEqual({
      op: 'not',
      arg: { op: 'in', value: property('id'), list: [number(1), number(2)] },
    });
    expect(parseCql2Text('name IS NOT NULL')).toEqual({ op: 'not', arg: { op: 'isNull', value: property('name') } });
  });

  it('lets BETWEEN take its own AND before the next conjunct', () => {
    expect(parseCql2Text('area BETWEEN 1 AND 2 AND b = 3')).toEqual({
      op: 'and',
      args: [{ op: 'between', value: property('area'), low: number(1), high: number(2) }, equals('b', 3)],
    });
  });

  it('reads every comparison operator, with properties and literals on either side', () => {
    for (const operator of ['=', '<>', '<', '>', '<=', '>='] as const) {
      expect(parseCql2Text(`1${operator}a`)).toEqual({ op: 'compare', operator, left: number(1), right: property('a') });
    }
    expect(parseCql2Text('a < b')).toEqual({ op: 'compare', operator: '<', left: property('a'), right: property('b') });
  });

  it('reads the spatial and temporal functions in any letter case', () => {
    expect(parseCql2Text('s_within(geom, POINT(1 2))')).toMatchObject({ op: 'spatial', relation: 's_within' });
    expect(parseCql2Text('T_FINISHEDBY(a, b)')).toMatchObject({ op: 'temporal', relation: 't_finishedBy' });
    expect(parseCql2Text('t_OverlappedBy(a, b)')).toMatchObject({ op: 'temporal', relation: 't_overlappedBy' });
  });
});

describe('parseCql2Text: names and literals', () => {
  it('reads bare, CJK, namespaced and double-quoted property names', () => {
    expect(parseCql2Text('面积 > 1')).toMatchObject({ left: property('面积') });
    expect(parseCql2Text('ns:road.class_2 = 1')).toMatchObject({ left: property('ns:road.class_2') });
    expect(parseCql2Text('"floor area (m²)" = 1')).toMatchObject({ left: property('floor area (m²)') });
    expect(parseCql2Text('"and" = 1')).toMatchObject({ left: property('and') });
    // Constructor names are only constructors when a parenthesis follows.
    expect(parseCql2Text('date = point')).toMatchObject({ left: property('date'), right: property('point') });
  });

  it("undoes both quote escapes of a string, '' and \\', and keeps other backslashes", () => {
    expect(literal("'O''Brien'")).toEqual({ kind: 'string', value: "O'Brien" });
    expect(literal("'O\\'Brien'")).toEqual({ kind: 'string', value: "O'Brien" });
    expect(literal("'50\\%'")).toEqual({ kind: 'string', value: '50\\%' });
    expect(literal("''")).toEqual({ kind: 'string', value: '' });
    // An escaped backslash before the closing quote does not escape the quote.
    expect(literal("'C:\\\\'")).toEqual({ kind: 'string', value: 'C:\\\\' });
    expect(literal("'中文 ''名'''")).toEqual({ kind: 'string', value: "中文 '名'" });
  });

  it('reads numbers with signs, fractions and exponents', () => {
    expect(literal('-1.5e3')).toEqual(number(-1500));
    expect(literal('+3')).toEqual(number(3));
    expect(literal('.5')).toEqual(number(0.5));
    expect(literal('2.')).toEqual(number(2));
    expect(literal('1E-2')).toEqual(number(0.01));
  });

  it('reads DATE and TIMESTAMP, refusing values that are not real', () => {
    expect(literal("DATE('2024-02-29')")).toEqual({ kind: 'date', value: '2024-02-29' });
    expect(literal("date('2024-05-01')")).toEqual({ kind: 'date', value: '2024-05-01' });
    expect(literal("TIMESTAMP('2024-05-01T08:00:00Z')")).toEqual({ kind: 'timestamp', value: '2024-05-01T08:00:00Z' });
    expect(literal("TIMESTAMP('2024-05-01T08:00:00.123+08:00')")).toEqual({
      kind: 'timestamp',
      value: '2024-05-01T08:00:00.123+08:00',
    });
    expect(literal("TIMESTAMP('2024-05-01t08:00:00z')")).toEqual({ kind: 'timestamp', value: '2024-05-01T08:00:00Z' });
    for (const bad of [
      "DATE('2023-02-29')",
      "DATE('2024-13-01')",
      "DATE('0000-01-01')",
      "DATE('2024-5-1')",
      "DATE('2024-05-01T00:00:00Z')",
      "TIMESTAMP('2024-05-01T24:00:00Z')",
      "TIMESTAMP('2024-05-01T08:00:00')",
      "TIMESTAMP('2024-05-01')",
    ]) {
      expect(errorOf(`x = ${bad}`).rule, bad).toBe('syntax');
    }
    expect(errorOf("x = DATE('2023-02-29')").message).toBe('at character 5: "2023-02-29" is not a date (YYYY-MM-DD)');
  });

  it('reads INTERVAL with dates, timestamps, open ends and properties', () => {
    expect(literal("INTERVAL('2019-09-09', '..')")).toEqual({
      kind: 'interval',
      start: { kind: 'date', value: '2019-09-09' },
      end: { kind: 'unbounded' },
    });
    expect(literal("INTERVAL('..', '1969-07-24T16:50:35Z')")).toEqual({
      kind: 'interval',
      start: { kind: 'unbounded' },
      end: { kind: 'timestamp', value: '1969-07-24T16:50:35Z' },
    });
    expect(literal('INTERVAL(starts, "ends at")')).toEqual({
      kind: 'interval',
      start: property('starts'),
      end: property('ends at'),
    });
  });

  it('refuses an interval that ends before it starts, or has a bad end', () => {
    expect(errorOf("x = INTERVAL('2020-02-01', '2020-01-01')").message).toBe(
      'at character 5: the interval ends before it starts',
    );
    expect(errorOf("x = INTERVAL('2020-01-01', 'soon')").rule).toBe('syntax');
    expect(errorOf("x = INTERVAL('2020-01-01', 5)").message).toBe(
      'at character 28: expected a date, a timestamp, \'..\' or a property in INTERVAL but found "5"',
    );
  });
});

describe('parseCql2Text: geometry literals', () => {
  it('reads POINT and LINESTRING, with negative and decimal coordinates', () => {
    expect(geometry('POINT(116.39 -39.9)')).toEqual({ type: 'Point', coordinates: [116.39, -39.9] });
    expect(geometry('linestring(0 0, 1 1, 2 0)')).toEqual({
      type: 'LineString',
      coordinates: [
        [0, 0],
        [1, 1],
        [2, 0],
      ],
    });
  });

  it('reads a polygon with a hole', () => {
    expect(geometry('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 3, 3 3, 2 2))')).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
        [
          [2, 2],
          [2, 3],
          [3, 3],
          [2, 2],
        ],
      ],
    });
  });

  it('reads the multi geometries, and both spellings of MULTIPOINT', () => {
    const multiPoint = {
      type: 'MultiPoint',
      coordinates: [
        [1, 2],
        [3, 4],
      ],
    };
    expect(geometry('MULTIPOINT((1 2), (3 4))')).toEqual(multiPoint);
    expect(geometry('MULTIPOINT(1 2, 3 4)')).toEqual(multiPoint);
    expect(geometry('MULTILINESTRING((0 0, 1 1), (2 2, 3 3, 4 4))')).toEqual({
      type: 'MultiLineString',
      coordinates: [
        [
          [0, 0],
          [1, 1],
        ],
        [
          [2, 2],
          [3, 3],
          [4, 4],
        ],
      ],
    });
    const square = (at: number) => [
      [at, at],
      [at + 1, at],
      [at + 1, at + 1],
      [at, at],
    ];
    expect(geometry('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5), (0 0, 1 0, 1 1, 0 0)))')).toEqual({
      type: 'MultiPolygon',
      coordinates: [[square(0)], [square(5), square(0)]],
    });
  });

  it('reads a geometry collection', () => {
    expect(geometry('GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1))')).toEqual({
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [1, 2] },
        {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
      ],
    });
  });

  it('reads BBOX as the polygon it covers', () => {
    expect(geometry('BBOX(116, 39, 117.5, 40)')).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [116, 39],
          [117.5, 39],
          [117.5, 40],
          [116, 40],
          [116, 39],
        ],
      ],
    });
  });

  it.each([
    ['an open ring', 'POLYGON((0 0, 1 0, 1 1, 0 1))', 'syntax', 'at character 20: a polygon ring must end where it starts'],
    [
      'a ring of three positions',
      'POLYGON((0 0, 1 0, 0 0))',
      'syntax',
      'at character 20: a polygon ring needs at least 4 positions',
    ],
    ['a one-position line', 'LINESTRING(0 0)', 'syntax', 'at character 20: a line string needs at least 2 positions'],
    ['a missing coordinate', 'POINT(1)', 'syntax', 'at character 27: expected a number but found ")"'],
    ['a Z coordinate', 'POINT(1 2 3)', 'unsupported', 'at character 30: 3D coordinates are not supported'],
    ['a Z tag', 'POINT Z (1 2 3)', 'unsupported', 'at character 26: 3D and measured coordinates are not supported'],
    ['an EMPTY geometry', 'POINT EMPTY', 'unsupported', 'at character 26: empty geometries are not supported'],
    [
      'a nested collection',
      'GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(POINT(1 2)))',
      'unsupported',
      'at character 39: nested geometry collections are not supported',
    ],
    ['a 3D BBOX', 'BBOX(0, 0, 0, 1, 1, 1)', 'unsupported', 'at character 20: 3D bounding boxes (6 numbers) are not supported'],
    ['a BBOX of 5 numbers', 'BBOX(0, 0, 1, 1, 1)', 'syntax', 'at character 20: a bounding box has 4 numbers, not 5'],
    [
      'an antimeridian BBOX',
      'BBOX(170, 0, -170, 1)',
      'unsupported',
      'at character 20: a bounding box whose minimum exceeds its maximum is not supported',
    ],
  ])('refuses %s', (_, wkt, rule, message) => {
    const error = errorOf(`S_INTERSECTS(geom, ${wkt})`);
    expect({ rule: error.rule, message: error.message }).toEqual({ rule, message });
  });
});

describe('parseCql2Text: errors say what and where', () => {
  it.each([
    ['an unterminated string', "name = 'abc", 'syntax', 'at character 8: unterminated string'],
    ['an unterminated quoted name', '"name = 1', 'syntax', 'at character 1: unterminated quoted property name'],
    ['trailing tokens', 'a = 1 b', 'syntax', 'at character 7: expected the end of the filter but found "b"'],
    ['a missing parenthesis', '(a = 1', 'syntax', "at character 7: expected ')' but found the end of the filter"],
    ['a stray character', "name = 'x'; DROP TABLE r", 'syntax', 'at character 11: unexpected character ";"'],
    [
      'a missing operator',
      'a 1',
      'syntax',
      'at character 3: expected a comparison operator, LIKE, BETWEEN, IN or IS but found "1"',
    ],
    ['a keyword as an operand', 'a = AND', 'syntax', 'at character 5: expected a property or a literal but found AND'],
    ['an empty filter', '   ', 'syntax', 'at character 4: the filter is empty'],
    ['an empty IN list', 'a IN ()', 'syntax', 'at character 7: expected a property or a literal but found ")"'],
    ['too few spatial arguments', 'S_INTERSECTS(geom)', 'syntax', 'at character 1: S_INTERSECTS takes 2 arguments, not 1'],
    ['too many temporal arguments', 'T_AFTER(a, b, c)', 'syntax', 'at character 1: T_AFTER takes 2 arguments, not 3'],
    ['two DATE arguments', "x = DATE('2020-01-01', '2020-01-02')", 'syntax', 'at character 22: expected \')\' but found ","'],
    ['a DATE of a property', 'x = DATE(d)', 'syntax', 'at character 10: DATE takes one quoted string, not "d"'],
    ['an unquoted LIKE pattern', 'name LIKE other', 'syntax', 'at character 11: LIKE takes a quoted pattern, not "other"'],
    ['a dangling LIKE escape', "name LIKE 'a\\'", 'syntax', 'at character 11: unterminated string'],
    [
      'a predicate as a value',
      'x = S_INTERSECTS(a, b)',
      'syntax',
      'at character 5: S_INTERSECTS is a predicate and cannot be used as a value',
    ],
    ['an unknown function', 'FOO(a) = 1', 'unsupported', 'at character 1: the function "FOO" is not supported'],
    [
      'CASEI',
      "CASEI(name) = 'a'",
      'unsupported',
      'at character 1: CASEI (case- and accent-insensitive comparison) is not supported',
    ],
    [
      'ACCENTI in a pattern',
      "name LIKE ACCENTI('a')",
      'unsupported',
      'at character 11: ACCENTI (case- and accent-insensitive comparison) is not supported',
    ],
    ['arithmetic', 'a + 1 = 2', 'unsupported', 'at character 3: arithmetic expressions are not supported'],
    ['arithmetic without spaces', 'a = b-1', 'unsupported', 'at character 6: arithmetic expressions are not supported'],
    ['integer division', 'a div 2 = 1', 'unsupported', 'at character 3: arithmetic expressions are not supported'],
    [
      'an array function',
      "A_CONTAINS(tags, ('a'))",
      'unsupported',
      'at character 1: array functions such as A_CONTAINS are not supported',
    ],
    ['a huge number', 'a = 1e999', 'syntax', 'at character 5: number out of range'],
  ])('refuses %s', (_, text, rule, message) => {
    const error = errorOf(text);
    expect({ rule: error.rule, message: error.message }).toEqual({ rule, message });
  });

  it('cuts long input short in messages', () => {
    const error = errorOf(`a = 1 ${'x'.repeat(500)}`);
    expect(error.message).toBe(`at character 7: expected the end of the filter but found "${'x'.repeat(40)}…"`);
  });
});

describe('parseCql2Text: limits', () => {
  it(`refuses a filter longer than ${CQL2_LIMITS.maxTextLength} characters`, () => {
    const longest = `name = '${'x'.repeat(CQL2_LIMITS.maxTextLength - 9)}'`;
    expect(longest).toHaveLength(CQL2_LIMITS.maxTextLength);
    expect(parseCql2Text(longest)).toMatchObject({ op: 'compare' });
    const error = errorOf(`${longest} `);
    expect({ rule: error.rule, message: error.message }).toEqual({
      rule: 'too_complex',
      message: 'the filter is longer than 20000 characters',
    });
  });

  it(`accepts ${CQL2_LIMITS.maxDepth} levels of nesting and refuses one more`, () => {
    const nested = (depth: number) => `${'('.repeat(depth)}a = 1${')'.repeat(depth)}`;
    expect(parseCql2Text(nested(CQL2_LIMITS.maxDepth))).toEqual(equals('a', 1));
    const error = errorOf(nested(CQL2_LIMITS.maxDepth + 1));
    expect({ rule: error.rule, message: error.message }).toEqual({
      rule: 'too_complex',
      message: 'at character 51: nested deeper than 50 levels',
    });
    expect(errorOf(`${'NOT '.repeat(CQL2_LIMITS.maxDepth + 1)}a = 1`).rule).toBe('too_complex');
    expect(errorOf(`${'NOT ('.repeat(26)}a = 1${')'.repeat(26)}`).rule).toBe('too_complex');
  });

  it(`accepts ${CQL2_LIMITS.maxInListLength} values in an IN list and refuses one more`, () => {
    const list = (length: number) => `a IN (${Array.from({ length }, (_, i) => i).join(',')})`;
    expect(parseCql2Text(list(CQL2_LIMITS.maxInListLength))).toMatchObject({ op: 'in' });
    const error = errorOf(list(CQL2_LIMITS.maxInListLength + 1));
    expect({ rule: error.rule, message: error.message }).toEqual({
      rule: 'too_complex',
      message: 'at character 6: the IN list has 1001 values, more than 1000',
    });
  });
});
