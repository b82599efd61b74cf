import { describe, expect, it } from 'vitest';
import { CQL2_SPATIAL_RELATIONS, CQL2_TEMPORAL_RELATIONS, type Cql2Expression } from './cql2-ast';
import { Cql2Error } from './cql2-error';
import { parseCql2Json } from './cql2-json';
import type { Cql2Property, Cql2SqlContext } from './cql2-sql-context';
import { compileCql2 } from './cql2-sql';
import { parseCql2Text } from './cql2-text';

const QUERYABLES = new Map<string, Cql2Property>([
  ['name', { sql: "r.record ->> 'name'", type: 'string' }],
  ['area', { sql: "(r.record ->> 'area')::numeric", type: 'number' }],
  ['floors', { sql: "(r.record ->> 'floors')::integer", type: 'integer' }],
  ['open', { sql: "(r.record ->> 'open')::boolean", type: 'boolean' }],
  ['effectiveDate', { sql: "(r.record ->> 'effectiveDate')::date", type: 'date' }],
  ['expiryDate', { sql: "(r.record ->> 'expiryDate')::date", type: 'date' }],
  ['updated', { sql: "(r.record ->> 'updated')::timestamptz", type: 'timestamp' }],
  ['geom', { sql: 'r.geom', type: 'geometry' }],
  ['footprint', { sql: 'r.footprint', type: 'geometry' }],
]);

const CGCS2000 = { srid: 4490, latitudeFirst: false };

interface Compiled {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly askedFor: readonly string[];
}

function compile(expression: Cql2Expression, filterCrs = CGCS2000): Compiled {
  const params: unknown[] = [];
  const askedFor: string[] = [];
  const context: Cql2SqlContext = {
    property: (name) => {
      askedFor.push(name);
      return QUERYABLES.get(name);
    },
    param: (value) => `$${params.push(value)}`,
    filterCrs,
    storageSrid: 4490,
  };
  return { sql: compileCql2(expression, context), params, askedFor };
}

const text = (filter: string, filterCrs = CGCS2000): Compiled => compile(parseCql2Text(filter), filterCrs);

function errorOf(filter: string | Cql2Expression): Cql2Error {
  try {
    compile(typeof filter === 'string' ? parseCql2Text(filter) : filter);
  } catch (error) {
    if (error instanceof Cql2Error) return error;
    throw error;
  }
  throw new Error('compiled without error');
}

const NAME = "(r.record ->> 'name')";
const AREA = "((r.record ->> 'area')::numeric)";
const FLOORS = "((r.record ->> 'floors')::integer)";
const EFFECTIVE = "((r.record ->> 'effectiveDate')::date)";
const EXPIRY = "((r.record ->> 'expiryDate')::date)";
const UPDATED = "((r.record ->> 'updated')::timestamptz)";
const geometryLiteral = (param: string, srid = 4490) =>
  `ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${param}::text), ${srid}), 4490)`;

describe('compileCql2: basic CQL2', () => {
  it('writes properties in parentheses and literals as typed parameters', () => {
    expect(text("name = 'x' AND area >= 2.5 AND open = TRUE AND effectiveDate < DATE('2024-05-01')")).toEqual({
      sql: `(${NAME} = $1::text AND ${AREA} >= $2::numeric AND ((r.record ->> 'open')::boolean) = $3::boolean AND ${EFFECTIVE} < $4::date)`,
      params: ['x', 2.5, true, '2024-05-01'],
      askedFor: ['name', 'area', 'open', 'effectiveDate'],
    });
  });

  it('keeps the precedence of NOT, AND and OR in parentheses, and writes NOT as NOT (…)', () => {
    expect(text('area = 1 OR area = 2 AND NOT area = 3').sql).toBe(
      `(${AREA} = $1::numeric OR (${AREA} = $2::numeric AND NOT (${AREA} = $3::numeric)))`,
    );
    expect(text('(area = 1 OR area = 2) AND area = 3').sql).toBe(
      `((${AREA} = $1::numeric OR ${AREA} = $2::numeric) AND ${AREA} = $3::numeric)`,
    );
  });

  it('compiles a boolean literal filter to a parameter', () => {
    expect(text('TRUE')).toMatchObject({ sql: '$1::boolean', params: [true] });
  });

  it('compiles IS NULL and IS NOT NULL', () => {
    expect(text('name IS NULL').sql).toBe(`${NAME} IS NULL`);
    expect(text('name IS NOT NULL').sql).toBe(`NOT (${NAME} IS NULL)`);
  });

  it('compares a number with an integer property, and two properties of a kind', () => {
    expect(text('floors > 2.5')).toMatchObject({ sql: `${FLOORS} > $1::numeric`, params: [2.5] });
    expect(text('floors <= area').sql).toBe(`${FLOORS} <= ${AREA}`);
    expect(text('effectiveDate < expiryDate').sql).toBe(`${EFFECTIVE} < ${EXPIRY}`);
  });

  it('casts a date to a timestamp where the two meet', () => {
    expect(text("updated > DATE('2024-05-01')")).toMatchObject({
      sql: `${UPDATED} > $1::date::timestamptz`,
      params: ['2024-05-01'],
    });
    expect(text("effectiveDate = TIMESTAMP('2024-05-01T00:00:00+08:00')").sql).toBe(
      `${EFFECTIVE}::timestamptz = $1::timestamptz`,
    );
  });
});

describe('compileCql2: advanced comparison operators', () => {
  it('passes a LIKE pattern as a parameter, with the backslash escape declared', () => {
    expect(text("name LIKE 'a\\%b_%'")).toEqual({
      sql: `${NAME} LIKE $1::text ESCAPE E'\\\\'`,
      params: ['a\\%b_%'],
      askedFor: ['name'],
    });
    expect(text("name NOT LIKE '%x'").sql).toBe(`NOT (${NAME} LIKE $1::text ESCAPE E'\\\\')`);
  });

  it('writes an escaped ordinary character plainly, and keeps escaped wildcards and backslashes', () => {
    expect(text("name LIKE '\\a\\\\\\_'").params).toEqual(['a\\\\\\_']);
  });

  it('compiles BETWEEN in parentheses, and NOT BETWEEN around it', () => {
    expect(text('area BETWEEN 1 AND 2')).toMatchObject({
      sql: `(${AREA} BETWEEN $1::numeric AND $2::numeric)`,
      params: [1, 2],
    });
    expect(text("effectiveDate NOT BETWEEN DATE('2024-01-01') AND TIMESTAMP('2024-06-01T00:00:00Z')").sql).toBe(
      `NOT ((${EFFECTIVE}::timestamptz BETWEEN $1::date::timestamptz AND $2::timestamptz))`,
    );
  });

  it('binds a list of literals as one array parameter', () => {
    expect(text("name IN ('a', 'b''c', 'd')")).toMatchObject({
      sql: `${NAME} = ANY($1::text[])`,
      params: [['a', "b'c", 'd']],
    });
    expect(text('floors NOT IN (1, 2, 3)')).toMatchObject({
      sql: `NOT (${FLOORS} = ANY($1::numeric[]))`,
      params: [[1, 2, 3]],
    });
    expect(text("updated IN (TIMESTAMP('2024-05-01T08:00:00Z'), DATE('2024-05-02'))")).toMatchObject({
      sql: `${UPDATED} = ANY($1::timestamptz[])`,
      params: [['2024-05-01T08:00:00Z', '2024-05-02']],
    });
    expect(text("effectiveDate IN (DATE('2024-05-01'))")).toMatchObject({ sql: `${EFFECTIVE} = ANY($1::date[])` });
  });

  it('spells out a list that names properties', () => {
    expect(text('area IN (floors, 3)')).toMatchObject({ sql: `${AREA} IN (${FLOORS}, $1::numeric)`, params: [3] });
  });
});

describe('compileCql2: spatial functions', () => {
  it('maps every spatial function to its PostGIS function, keeping the argument order', () => {
    for (const relation of CQL2_SPATIAL_RELATIONS) {
      const postgis = `ST_${relation.charAt(2).toUpperCase()}${relation.slice(3)}`;
      expect(text(`${relation}(geom, POINT(1 2))`).sql).toBe(`${postgis}((r.geom), ${geometryLiteral('$1')})`);
      expect(text(`${relation}(POINT(1 2), geom)`).sql).toBe(`${postgis}(${geometryLiteral('$1')}, (r.geom))`);
    }
    expect(text('S_TOUCHES(geom, footprint)').sql).toBe('ST_Touches((r.geom), (r.footprint))');
  });

  it('binds the geometry as GeoJSON and places it in the filter CRS, then the storage CRS', () => {
    expect(text('S_INTERSECTS(geom, BBOX(116, 39, 117, 40))', { srid: 4326, latitudeFirst: false })).toEqual({
      sql: `ST_Intersects((r.geom), ${geometryLiteral('$1', 4326)})`,
      params: ['{"type":"Polygon","coordinates":[[[116,39],[117,39],[117,40],[116,40],[116,39]]]}'],
      askedFor: ['geom'],
    });
  });

  it('swaps latitude-first coordinates to x/y before binding them', () => {
    const latitudeFirst = { srid: 4490, latitudeFirst: true };
    expect(text('S_WITHIN(geom, POINT(39.9 116.4))', latitudeFirst).params).toEqual([
      '{"type":"Point","coordinates":[116.4,39.9]}',
    ]);
    expect(
      text(
        'S_WITHIN(geom, POLYGON((39 116, 39 117, 40 117, 39 116), (39.1 116.1, 39.1 116.2, 39.2 116.2, 39.1 116.1)))',
        latitudeFirst,
      ).params,
    ).toEqual([
      JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [116, 39],
            [117, 39],
            [117, 40],
            [116, 39],
          ],
          [
            [116.1, 39.1],
            [116.2, 39.1],
            [116.2, 39.2],
            [116.1, 39.1],
          ],
        ],
      }),
    ]);
    expect(
      text('S_WITHIN(geom, GEOMETRYCOLLECTION(MULTIPOINT((1 2), (3 4)), LINESTRING(5 6, 7 8)))', latitudeFirst).params,
    ).toEqual([
      JSON.stringify({
        type: 'GeometryCollection',
        geometries: [
          {
            type: 'MultiPoint',
            coordinates: [
              [2, 1],
              [4, 3],
            ],
          },
          {
            type: 'LineString',
            coordinates: [
              [6, 5],
              [8, 7],
            ],
          },
        ],
      }),
    ]);
  });

  it('refuses an SRID that is not a positive integer, since it is written into the SQL', () => {
    expect(() => text('S_WITHIN(geom, POINT(1 2))', { srid: 4326.5, latitudeFirst: false })).toThrow(
      'an SRID is a positive integer, not 4326.5',
    );
  });
});

describe('compileCql2: temporal functions', () => {
  it('compares the ends of an instant property with the ends of an interval', () => {
    expect(text("T_DURING(updated, INTERVAL('2024-01-01T00:00:00Z', '2024-12-31T23:59:59Z'))")).toMatchObject({
      sql: `(${UPDATED} > $1::timestamptz AND ${UPDATED} < $2::timestamptz)`,
      params: ['2024-01-01T00:00:00Z', '2024-12-31T23:59:59Z'],
    });
  });

  it('writes T_DISJOINT as one comparison or the other', () => {
    expect(text("T_DISJOINT(effectiveDate, INTERVAL('2024-01-01', '2024-12-31'))").sql).toBe(
      `((${EFFECTIVE} > $1::date) OR (${EFFECTIVE} < $2::date))`,
    );
  });

  it('makes open ends infinite and binds only the ends a function reads', () => {
    expect(text("T_AFTER(effectiveDate, INTERVAL('2024-01-01', '..'))")).toMatchObject({
      sql: `(${EFFECTIVE} > 'infinity'::date)`,
      params: [],
    });
    expect(text("T_INTERSECTS(INTERVAL(effectiveDate, expiryDate), INTERVAL('..', '2024-12-31'))")).toMatchObject({
      sql: `(${EFFECTIVE} <= $1::date AND ${EXPIRY} >= '-infinity'::date)`,
      params: ['2024-12-31'],
    });
  });

  it('uses one parameter for both ends of an instant literal', () => {
    expect(text("T_EQUALS(updated, TIMESTAMP('2024-05-01T08:00:00Z'))")).toMatchObject({
      sql: `(${UPDATED} = $1::timestamptz AND ${UPDATED} = $1::timestamptz)`,
      params: ['2024-05-01T08:00:00Z'],
    });
  });

  it('raises dates to timestamps when any end is a timestamp', () => {
    expect(text("T_STARTS(INTERVAL(effectiveDate, expiryDate), INTERVAL('2024-05-01T00:00:00Z', '..'))").sql).toBe(
      `(${EFFECTIVE}::timestamptz = $1::timestamptz AND ${EXPIRY}::timestamptz < 'infinity'::timestamptz)`,
    );
  });

  it('compiles every temporal function, each to a different condition', () => {
    const conditions = CQL2_TEMPORAL_RELATIONS.map(
      (relation) => text(`${relation}(INTERVAL(effectiveDate, expiryDate), INTERVAL('2024-01-01', '2024-12-31'))`).sql,
    );
    expect(new Set(conditions).size).toBe(15);
  });
});

describe('compileCql2: the same SQL from cql2-text and cql2-json', () => {
  const prop = (name: string) => ({ property: name });
  it.each<[string, unknown]>([
    [
      "name = 'x' OR NOT area <> 1",
      {
        op: 'or',
        args: [
          { op: '=', args: [prop('name'), 'x'] },
          { op: 'not', args: [{ op: '<>', args: [prop('area'), 1] }] },
        ],
      },
    ],
    [
      'area < 1 AND area > floors',
      {
        op: 'and',
        args: [
          { op: '<', args: [prop('area'), 1] },
          { op: '>', args: [prop('area'), prop('floors')] },
        ],
      },
    ],
    [
      'area <= 1 AND area >= 0',
      {
        op: 'and',
        args: [
          { op: '<=', args: [prop('area'), 1] },
          { op: '>=', args: [prop('area'), 0] },
        ],
      },
    ],
    ["name NOT LIKE 'a%'", { op: 'not', args: [{ op: 'like', args: [prop('name'), 'a%'] }] }],
    ['area NOT BETWEEN 1 AND 2', { op: 'not', args: [{ op: 'between', args: [prop('area'), 1, 2] }] }],
    ["name IN ('a', 'b')", { op: 'in', args: [prop('name'), ['a', 'b']] }],
    ['open IS NOT NULL', { op: 'not', args: [{ op: 'isNull', args: [prop('open')] }] }],
    ["effectiveDate = DATE('2024-05-01')", { op: '=', args: [prop('effectiveDate'), { date: '2024-05-01' }] }],
    [
      "updated >= TIMESTAMP('2024-05-01T08:00:00Z')",
      { op: '>=', args: [prop('updated'), { timestamp: '2024-05-01T08:00:00Z' }] },
    ],
    ['S_INTERSECTS(geom, BBOX(1, 2, 3, 4))', { op: 's_intersects', args: [prop('geom'), { bbox: [1, 2, 3, 4] }] }],
    [
      'S_CONTAINS(MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0))), geom)',
      {
        op: 's_contains',
        args: [
          {
            type: 'MultiPolygon',
            coordinates: [
              [
                [
                  [0, 0],
                  [1, 0],
                  [1, 1],
                  [0, 0],
                ],
              ],
            ],
          },
          prop('geom'),
        ],
      },
    ],
    [
      'S_OVERLAPS(geom, MULTILINESTRING((0 0, 1 1)))',
      {
        op: 's_overlaps',
        args: [
          prop('geom'),
          {
            type: 'MultiLineString',
            coordinates: [
              [
                [0, 0],
                [1, 1],
              ],
            ],
          },
        ],
      },
    ],
    ['TRUE', true],
  ])('%s', (filter, json) => {
    const fromText = text(filter);
    expect(compile(parseCql2Json(json))).toEqual(fromText);
  });

  it.each(CQL2_TEMPORAL_RELATIONS)('%s', (relation) => {
    const fromText = text(`${relation}(INTERVAL(effectiveDate, '..'), TIMESTAMP('2024-05-01T08:00:00Z'))`);
    const json = { op: relation, args: [{ interval: [prop('effectiveDate'), '..'] }, { timestamp: '2024-05-01T08:00:00Z' }] };
    expect(compile(parseCql2Json(json))).toEqual(fromText);
  });
});

describe('compileCql2: errors', () => {
  it.each([
    ['an unknown property', "colour = 'red'", 'unknown_property', 'at character 1: "colour" is not a queryable'],
    [
      'an unknown property in a function',
      'S_INTERSECTS(shape, POINT(1 2))',
      'unknown_property',
      'at character 14: "shape" is not a queryable',
    ],
    [
      'a string property against a number',
      'name = 5',
      'type',
      'at character 6: = cannot compare property "name" (string) with a number',
    ],
    [
      'a number property against a string',
      "area > '5'",
      'type',
      'at character 6: > cannot compare property "area" (number) with a string',
    ],
    [
      'a date property against a string',
      "effectiveDate = '2024-05-01'",
      'type',
      'at character 15: = cannot compare property "effectiveDate" (date) with a string',
    ],
    [
      'two properties of different kinds',
      'name = area',
      'type',
      'at character 6: = cannot compare property "name" (string) with property "area" (number)',
    ],
    [
      'a geometry in a comparison',
      'geom = footprint',
      'type',
      'at character 6: = cannot take property "geom" (geometry); use a spatial function such as S_INTERSECTS',
    ],
    [
      'an interval in a comparison',
      "updated = INTERVAL('..', '..')",
      'type',
      'at character 9: an interval can only be an argument of a temporal function (T_…)',
    ],
    ['LIKE on a number', "area LIKE '1%'", 'type', 'at character 6: LIKE takes a string, not property "area" (number)'],
    [
      'BETWEEN of mixed kinds',
      "area BETWEEN 1 AND '2'",
      'type',
      'at character 6: BETWEEN cannot compare property "area" (number) with a string',
    ],
    [
      'IN of mixed kinds',
      "floors IN (1, 'two')",
      'type',
      'at character 8: IN cannot compare property "floors" (integer) with a string',
    ],
    [
      'a spatial function on a string',
      'S_INTERSECTS(name, POINT(1 2))',
      'type',
      'at character 1: S_INTERSECTS takes geometries, not property "name" (string)',
    ],
    [
      'a temporal function on a number',
      "T_AFTER(area, DATE('2024-01-01'))",
      'type',
      'at character 1: T_AFTER takes dates, timestamps or intervals, not property "area" (number)',
    ],
    [
      'a temporal function on a string literal',
      "T_AFTER(updated, '2024-01-01')",
      'type',
      'at character 1: T_AFTER takes dates, timestamps or intervals, not a string',
    ],
    [
      'an interval end that is a string property',
      "T_AFTER(updated, INTERVAL(name, '..'))",
      'type',
      'at character 1: T_AFTER takes dates, timestamps or intervals, not property "name" (string)',
    ],
  ])('refuses %s, saying where', (_, filter, rule, message) => {
    const error = errorOf(filter);
    expect({ rule: error.rule, message: error.message }).toEqual({ rule, message });
  });

  it('names the property of a hand-built tree without a position', () => {
    const error = errorOf({ op: 'isNull', value: { kind: 'property', name: 'colour' } });
    expect({ rule: error.rule, message: error.message }).toEqual({
      rule: 'unknown_property',
      message: '"colour" is not a queryable',
    });
  });

  it('takes a property name only from the whitelist, never from the prototype chain', () => {
    expect(errorOf('constructor IS NULL').rule).toBe('unknown_property');
  });
});

describe('compileCql2: injection attempts stay in parameters', () => {
  const payloads = ["x' OR 1=1 --", "'); DROP TABLE r; --", "a\"; DELETE FROM r WHERE '1'='1"];

  it.each(payloads)('binds %j compared as a string', (payload) => {
    const written = `'${payload.replaceAll("'", "''")}'`;
    const compiled = text(`name = ${written} OR name LIKE ${written} OR name IN (${written})`);
    expect(compiled.params).toEqual([payload, payload, [payload]]);
    expect(compiled.sql).toBe(`(${NAME} = $1::text OR ${NAME} LIKE $2::text ESCAPE E'\\\\' OR ${NAME} = ANY($3::text[]))`);
    for (const fragment of ['OR 1=1', 'DROP', 'DELETE', '--', ';']) expect(compiled.sql).not.toContain(fragment);
  });

  it('binds a LIKE pattern with quotes and escapes, translated only as LIKE needs', () => {
    const compiled = text("name LIKE '%\\'; DROP TABLE r; --\\\\%'");
    expect(compiled.params).toEqual(["%'; DROP TABLE r; --\\\\%"]);
    expect(compiled.sql).toBe(`${NAME} LIKE $1::text ESCAPE E'\\\\'`);
  });

  it('binds the same payload from cql2-json', () => {
    const payload = "x' OR 1=1 --";
    const compiled = compile(parseCql2Json({ op: 'like', args: [{ property: 'name' }, payload] }));
    expect(compiled).toMatchObject({ sql: `${NAME} LIKE $1::text ESCAPE E'\\\\'`, params: [payload] });
  });

  it('never writes a property name into the SQL: it only asks the whitelist', () => {
    const error = errorOf('"a; DROP TABLE x" = 1');
    expect({ rule: error.rule, message: error.message }).toEqual({
      rule: 'unknown_property',
      message: 'at character 1: "a; DROP TABLE x" is not a queryable',
    });
    const json = compile(parseCql2Json({ op: 'isNull', args: [{ property: 'name' }] }));
    expect(json.askedFor).toEqual(['name']);
  });

  it('binds timestamps and geometries, never writing them out', () => {
    const compiled = text("updated = TIMESTAMP('2024-05-01T08:00:00Z') AND S_INTERSECTS(geom, POINT(1 2))");
    expect(compiled.sql).not.toMatch(/2024|"Point"|coordinates/);
    expect(compiled.params).toEqual(['2024-05-01T08:00:00Z', '{"type":"Point","coordinates":[1,2]}']);
  });
});
