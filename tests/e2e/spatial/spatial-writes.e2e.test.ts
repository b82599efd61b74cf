import { DataSource } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessToken, bearer, createOperator } from '../../support/identity-fixtures';
import { awaitImport, consumer } from '../../support/registry-fixtures';
import {
  addressFeature,
  feature,
  importFeatures,
  installSpatial,
  loadCity,
  rectangle,
  type InstalledSpatial,
} from '../../support/spatial-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();

let operator: string;
let spatial: InstalledSpatial;

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  spatial = await installSpatial(gateway(), operator);
  await loadCity(gateway(), spatial, 30);
});

const parcel = (code: string, geometry: unknown) =>
  feature(code, geometry, { division_code: '440106', land_use: '0701', area: '1250.5', registered_date: '2019-05-20' });

function putFeature(collection: string, id: string, body: unknown, token = spatial.planning.token) {
  return gateway()
    .http()
    .put(`/registries/spatial/${collection}/features/${id}`)
    .set(bearer(token))
    .send(body as object);
}

async function eventsOfType(type: string): Promise<Array<{ subject: string }>> {
  return gateway().app.get(DataSource).query<Array<{ subject: string }>>('SELECT subject FROM event_log WHERE type = $1', [type]);
}

describe('spatial writes', () => {
  it('creates a parcel, emits its event, and replaces it with If-Match', async () => {
    const created = await putFeature(
      'parcels',
      '440106001002JA00001',
      parcel('440106001002JA00001', rectangle(113.45, 23.1, 113.46, 23.11)),
    ).expect(201);
    expect(created.headers.location).toBe('/ogc/collections/parcels/items/440106001002JA00001');
    expect((await eventsOfType('cn.gov.hutong.registries.parcel.registered.v1')).map((e) => e.subject)).toContain(
      '440106001002JA00001',
    );
    await putFeature('parcels', '440106001002JA00001', parcel('440106001002JA00001', rectangle(113.45, 23.1, 113.47, 23.11)))
      .set('if-match', '"7"')
      .expect(412);
    const replaced = await putFeature(
      'parcels',
      '440106001002JA00001',
      parcel('440106001002JA00001', rectangle(113.45, 23.1, 113.47, 23.11)),
    )
      .set('if-match', created.headers.etag as string)
      .expect(200);
    expect(replaced.body).toMatchObject({ outcome: 'updated', version: 2 });
    const read = await gateway()
      .http()
      .get('/ogc/collections/parcels/items/440106001002JA00001')
      .set(bearer(spatial.planning.token))
      .expect(200);
    expect(read.body.geometry.coordinates[0][1]).toEqual([113.47, 23.1]);
  });

  it('refuses invalid geometries with the rule, and stores nothing', async () => {
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [113.45, 23.1],
          [113.46, 23.11],
          [113.46, 23.1],
          [113.45, 23.11],
          [113.45, 23.1],
        ],
      ],
    };
    const cases: Array<[unknown, string]> = [
      [bowtie, 'invalid_geometry'],
      [{ type: 'Point', coordinates: [113.45, 23.1] }, 'geometry_type'],
      [rectangle(2.3, 48.8, 2.4, 48.9), 'outside_crs_bounds'],
      [
        { ...rectangle(113.45, 23.1, 113.46, 23.11), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } },
        'crs',
      ],
      [
        {
          type: 'Polygon',
          coordinates: [
            [
              [113.45, 23.1],
              [113.46, 23.11],
              [113.46, 23.1],
              [113.45, 23.2],
            ],
          ],
        },
        'ring_not_closed',
      ],
      [
        {
          type: 'Polygon',
          coordinates: [
            [
              [23.1, 113.45],
              [23.11, 113.46],
              [23.1, 113.46],
              [23.1, 113.45],
            ],
          ],
        },
        'outside_crs_bounds',
      ],
    ];
    for (const [geometry, rule] of cases) {
      const refused = await putFeature('parcels', '440106001002JA00009', parcel('440106001002JA00009', geometry)).expect(400);
      expect(refused.body.errors, JSON.stringify(refused.body)).toEqual([expect.objectContaining({ field: 'geometry', rule })]);
    }
    await gateway()
      .http()
      .get('/ogc/collections/parcels/items/440106001002JA00009')
      .set(bearer(spatial.planning.token))
      .expect(404);
    const mismatch = await putFeature(
      'parcels',
      '440106001002JA00009',
      parcel('440106001002JA00008', rectangle(113.45, 23.1, 113.46, 23.11)),
    ).expect(400);
    expect(mismatch.body.errors[0]).toMatchObject({ field: 'id', rule: 'key_mismatch' });
  });

  it('lets only the provider write', async () => {
    const other = await consumer(gateway(), operator);
    await putFeature(
      'parcels',
      '440106001002JA00003',
      parcel('440106001002JA00003', rectangle(113.45, 23.1, 113.46, 23.11)),
      other.token,
    ).expect(403);
  });

  it('imports FeatureCollections with per-feature errors, idempotently', async () => {
    const features = [
      addressFeature(1000),
      { ...addressFeature(1001), geometry: { type: 'Point', coordinates: [200, 23] } },
      { ...addressFeature(1002), properties: { division_code: '440106' } },
      'not a feature',
      addressFeature(1003),
    ];
    const done = await importFeatures(gateway(), spatial.planning.token, 'addresses', features);
    expect(done).toMatchObject({ state: 'completed', rowsRead: 5, rowsCreated: 2, rowsRejected: 3 });
    const errors = await gateway()
      .http()
      .get(`/registries/spatial/addresses/imports/${String(done.id)}/errors`)
      .set(bearer(spatial.planning.token))
      .expect(200);
    expect(errors.body.errors.map((e: { line: number; rule: string }) => [e.line, e.rule])).toEqual([
      [2, 'outside_crs_bounds'],
      [3, 'required'],
      [4, 'object'],
    ]);
    const again = await gateway()
      .http()
      .post('/registries/spatial/addresses/imports')
      .set(bearer(spatial.planning.token))
      .set('content-type', 'application/geo+json')
      .send(JSON.stringify({ type: 'FeatureCollection', features }))
      .expect(200);
    expect(again.body.id).toBe(done.id);
  });

  it('imports GeoJSON text sequences (RFC 8142), and reports a file that is no JSON', async () => {
    const sequence = [addressFeature(2000), addressFeature(2001)].map((f) => `\u001e${JSON.stringify(f, null, 1)}\n`).join('');
    const started = await gateway()
      .http()
      .post('/registries/spatial/addresses/imports')
      .set(bearer(spatial.planning.token))
      .set('content-type', 'application/geo+json-seq')
      .send(sequence)
      .expect(202);
    expect(await awaitImport(gateway(), spatial.planning.token, started.headers.location as string)).toMatchObject({
      rowsCreated: 2,
    });
    const broken = await gateway()
      .http()
      .post('/registries/spatial/addresses/imports')
      .set(bearer(spatial.planning.token))
      .set('content-type', 'application/geo+json')
      .send('{"type":"FeatureCollection","features":[{"type":"Feature",')
      .expect(202);
    const failed = await awaitImport(gateway(), spatial.planning.token, broken.headers.location as string);
    expect(failed).toMatchObject({ state: 'completed', rowsRejected: 1 });
  });

  it('refuses GeoJSON for a registry without geometry', async () => {
    await gateway()
      .http()
      .post('/admin/registries/population')
      .set(bearer(operator))
      .send({ providerCode: spatial.planning.agency.code })
      .expect(201);
    const refused = await gateway()
      .http()
      .post('/registries/population/imports')
      .set(bearer(spatial.planning.token))
      .set('content-type', 'application/geo+json')
      .send('{"type":"FeatureCollection","features":[]}')
      .expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'Content-Type', rule: 'media_type' })]);
  });
});
