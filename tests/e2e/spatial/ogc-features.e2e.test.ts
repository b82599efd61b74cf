import { beforeAll, describe, expect, it } from 'vitest';
import { accessToken, bearer, createOperator } from '../../support/identity-fixtures';
import { consumer } from '../../support/registry-fixtures';
import {
  DISTRICT_BOXES,
  GUANGZHOU_BOX,
  grantAddresses,
  installSpatial,
  loadCity,
  type InstalledSpatial,
} from '../../support/spatial-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();
const ADDRESSES = 300;
const CGCS2000 = 'http://www.opengis.net/def/crs/EPSG/0/4490';
const MERCATOR = 'http://www.opengis.net/def/crs/EPSG/0/3857';

let operator: string;
let spatial: InstalledSpatial;
let reader: { token: string };

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  spatial = await installSpatial(gateway(), operator);
  await loadCity(gateway(), spatial, ADDRESSES);
  reader = await consumer(gateway(), operator);
  await grantAddresses(gateway(), spatial, reader.token);
});

function items(path: string, query: Record<string, string | number> = {}, token = reader.token) {
  return gateway().http().get(`/ogc/collections/${path}`).query(query).set(bearer(token));
}

type Position = [number, number];
const positionsOf = (body: { features: Array<{ geometry: { coordinates: Position } }> }) =>
  body.features.map((feature) => feature.geometry.coordinates);

describe('OGC API – Features, Part 1 core', () => {
  it('links the landing page to the API definition, conformance and data, and serves JSON to Accept: */*', async () => {
    const landing = await gateway().http().get('/ogc').set(bearer(reader.token)).set('accept', '*/*').expect(200);
    expect(landing.headers['content-type']).toMatch(/^application\/json/);
    const rels = (landing.body.links as Array<{ rel: string; href: string }>).map((link) => link.rel);
    expect(rels).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
    const conformance = await gateway().http().get('/ogc/conformance').set(bearer(reader.token)).expect(200);
    expect(conformance.body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
    expect(conformance.body.conformsTo).not.toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html');
    await gateway().http().get('/ogc').set(bearer(reader.token)).set('accept', 'text/html').expect(406);
  });

  it('declares every items parameter, property ones included, in the service description', async () => {
    const api = await gateway()
      .http()
      .get('/ogc/api')
      .set(bearer(reader.token))
      .set('accept', 'application/vnd.oai.openapi+json;version=3.0')
      .expect(200);
    expect(api.headers['content-type']).toMatch(/^application\/vnd\.oai\.openapi\+json/);
    const names = (api.body.paths['/collections/addresses/items'].get.parameters as Array<{ name: string }>).map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['limit', 'bbox', 'datetime', 'crs', 'bbox-crs', 'filter', 'filter-lang', 'division_code']),
    );
  });

  it('describes collections with a CRS84 extent, item type and links', async () => {
    const collection = await items('addresses').then(() =>
      gateway().http().get('/ogc/collections/addresses').set(bearer(reader.token)),
    );
    expect(collection.status).toBe(200);
    expect(collection.body).toMatchObject({ id: 'addresses', itemType: 'feature', storageCrs: CGCS2000 });
    const [west, south, east, north] = collection.body.extent.spatial.bbox[0] as number[];
    expect(west).toBeGreaterThanOrEqual(GUANGZHOU_BOX.west);
    expect(east).toBeLessThanOrEqual(GUANGZHOU_BOX.east);
    expect(south).toBeGreaterThanOrEqual(GUANGZHOU_BOX.south);
    expect(north).toBeLessThanOrEqual(GUANGZHOU_BOX.north);
    expect((collection.body.links as Array<{ rel: string }>).map((link) => link.rel)).toContain('items');
    const all = await gateway().http().get('/ogc/collections').set(bearer(reader.token)).expect(200);
    expect((all.body.collections as Array<{ id: string }>).map((c) => c.id)).toEqual([
      'divisions',
      'addresses',
      'parcels',
      'service-points',
    ]);
  });

  it('pages with limit (default 10, clamped at 10 000), numberMatched and next/prev links', async () => {
    const first = await items('addresses/items').expect(200);
    expect(first.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(first.body).toMatchObject({ type: 'FeatureCollection', numberMatched: ADDRESSES, numberReturned: 10 });
    expect(first.body.timeStamp).toEqual(expect.any(String));
    const next = (first.body.links as Array<{ rel: string; href: string }>).find((link) => link.rel === 'next');
    expect(next).toBeDefined();
    const second = await gateway()
      .http()
      .get(new URL(next?.href ?? '').pathname + new URL(next?.href ?? '').search)
      .set(bearer(reader.token))
      .expect(200);
    expect(second.body.features[0].id).not.toBe(first.body.features[0].id);
    expect((second.body.links as Array<{ rel: string }>).map((l) => l.rel)).toContain('prev');
    const clamped = await items('addresses/items', { limit: 20_000 }).expect(200);
    expect(clamped.body.numberReturned).toBe(ADDRESSES);
    expect((clamped.body.links as Array<{ rel: string }>).map((l) => l.rel)).not.toContain('next');
  });

  it('filters by bbox in CRS84 and by datetime', async () => {
    const district = DISTRICT_BOXES[2];
    const inside = await items('addresses/items', { bbox: `${district?.west},22.9,${district?.east},23.4`, limit: 1000 }).expect(
      200,
    );
    expect(inside.body.numberMatched).toBe(ADDRESSES / 3);
    for (const [lon] of positionsOf(inside.body)) expect(lon).toBeGreaterThanOrEqual(district?.west ?? 0);
    const dated = await items('addresses/items', { datetime: '2024-01-01/..', limit: 1000 }).expect(200);
    expect(dated.body.numberMatched).toBeGreaterThan(0);
    for (const feature of dated.body.features as Array<{ properties: { assigned_date: string } }>) {
      expect(feature.properties.assigned_date >= '2024-01-01').toBe(true);
    }
  });

  it('answers unknown or malformed parameters with 400 and names them', async () => {
    for (const [query, field] of [
      [{ colour: 'red' }, 'colour'],
      [{ bbox: '1,2,3' }, 'bbox'],
      [{ limit: 0 }, 'limit'],
      [{ datetime: '2024-13-01' }, 'datetime'],
      [{ crs: 'http://www.opengis.net/def/crs/EPSG/0/2385' }, 'crs'],
      [{ division_code: '440106', filter: "name = 'x" }, 'filter'],
    ] as const) {
      const response = await items('addresses/items', query).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(response.body.errors)).toContain(field);
    }
    await items('nowhere/items').expect(404);
  });

  it('serves one feature, and 404 for one that does not exist', async () => {
    const page = await items('addresses/items', { limit: 1 }).expect(200);
    const id = page.body.features[0].id as string;
    const one = await items(`addresses/items/${id}`).expect(200);
    expect(one.body).toMatchObject({ type: 'Feature', id, geometry: { type: 'Point' } });
    expect(one.body).not.toHaveProperty('crs');
    await items('addresses/items/GZA999999999').expect(404);
  });
});

describe('OGC API – Features, Part 2 CRS', () => {
  it('answers EPSG:4490 latitude first and EPSG:3857 in metres, with Content-Crs', async () => {
    const plain = await items('addresses/items', { limit: 1 }).expect(200);
    const [lon, lat] = positionsOf(plain.body)[0] ?? [0, 0];
    expect(plain.headers['content-crs']).toBe('<http://www.opengis.net/def/crs/OGC/1.3/CRS84>');
    const cgcs = await items('addresses/items', { limit: 1, crs: CGCS2000 }).expect(200);
    expect(cgcs.headers['content-crs']).toBe(`<${CGCS2000}>`);
    expect(positionsOf(cgcs.body)[0]).toEqual([lat, lon]);
    const mercator = await items('addresses/items', { limit: 1, crs: MERCATOR }).expect(200);
    const [x, y] = positionsOf(mercator.body)[0] ?? [0, 0];
    expect(x).toBeCloseTo((lon * Math.PI * 6378137) / 180, 0);
    expect(y).toBeGreaterThan(2_600_000);
  });

  it('reads bbox-crs EPSG:4490 as latitude first', async () => {
    const district = DISTRICT_BOXES[0];
    const latFirst = await items('addresses/items', {
      bbox: `22.9,${district?.west},23.4,${district?.east}`,
      'bbox-crs': CGCS2000,
      limit: 1000,
    }).expect(200);
    expect(latFirst.body.numberMatched).toBe(ADDRESSES / 3);
    for (const [lon] of positionsOf(latFirst.body)) expect(lon).toBeLessThanOrEqual(district?.east ?? 0);
  });
});

describe('OGC API – Features, Part 3 filtering', () => {
  it('filters with CQL2 text and JSON to the same features', async () => {
    const text = await items('addresses/items', {
      filter: "division_code = '440104' AND house_number LIKE '1%' AND assigned_date >= DATE('2015-01-01')",
      limit: 1000,
    }).expect(200);
    const json = await items('addresses/items', {
      'filter-lang': 'cql2-json',
      filter: JSON.stringify({
        op: 'and',
        args: [
          { op: '=', args: [{ property: 'division_code' }, '440104'] },
          { op: 'like', args: [{ property: 'house_number' }, '1%'] },
          { op: '>=', args: [{ property: 'assigned_date' }, { date: '2015-01-01' }] },
        ],
      }),
      limit: 1000,
    }).expect(200);
    expect(text.body.numberMatched).toBeGreaterThan(0);
    expect(json.body.features.map((f: { id: string }) => f.id)).toEqual(text.body.features.map((f: { id: string }) => f.id));
    for (const feature of text.body.features as Array<{ properties: Record<string, string> }>) {
      expect(feature.properties.division_code).toBe('440104');
      expect(feature.properties.house_number?.startsWith('1')).toBe(true);
    }
  });

  it('filters spatially (S_INTERSECTS with a polygon) and with IN and BETWEEN', async () => {
    const box = DISTRICT_BOXES[1];
    const spatialFilter = await items('addresses/items', {
      filter: `S_INTERSECTS(geometry, POLYGON((${box?.west} 22.9, ${box?.east} 22.9, ${box?.east} 23.4, ${box?.west} 23.4, ${box?.west} 22.9)))`,
      limit: 1000,
    }).expect(200);
    expect(spatialFilter.body.numberMatched).toBe(ADDRESSES / 3);
    const listed = await items('addresses/items', { filter: "division_code IN ('440103','440106')", limit: 1 }).expect(200);
    expect(listed.body.numberMatched).toBe((2 * ADDRESSES) / 3);
    const between = await items('divisions/items', {
      filter: "effective_date BETWEEN DATE('2000-01-01') AND DATE('2001-12-31')",
    }).expect(200);
    expect(between.body.features.map((f: { id: string }) => f.id).sort()).toEqual(['440103', '440104']);
  });

  it('keeps filter values out of the SQL: injection attempts match nothing and break nothing', async () => {
    for (const filter of [
      "full_address = 'x'' OR 1=1 --'",
      "full_address LIKE '%'' OR ''1''=''1'",
      "division_code IN ('440106'); DROP TABLE registry_records; --')",
    ]) {
      const response = await items('addresses/items', { filter });
      expect([200, 400]).toContain(response.status);
      if (response.status === 200) expect(response.body.numberMatched).toBe(0);
    }
    const quoted = await items('addresses/items', { filter: '"full_address; DROP TABLE registry_records" = \'x\'' }).expect(400);
    expect(JSON.stringify(quoted.body.errors)).toContain('filter');
    const still = await items('addresses/items', { limit: 1 }).expect(200);
    expect(still.body.numberMatched).toBe(ADDRESSES);
  });

  it('serves queryables as JSON Schema and takes property = value parameters', async () => {
    const queryables = await items('addresses/queryables').expect(200);
    expect(queryables.headers['content-type']).toMatch(/^application\/schema\+json/);
    expect(queryables.body.properties).toHaveProperty('division_code');
    expect(queryables.body.properties.geometry).toEqual(expect.objectContaining({ format: 'geometry-point' }));
    expect(queryables.body.properties).not.toHaveProperty('building_id');
    const byProperty = await items('addresses/items', { division_code: '440103', limit: 1 }).expect(200);
    expect(byProperty.body.numberMatched).toBe(ADDRESSES / 3);
  });
});
