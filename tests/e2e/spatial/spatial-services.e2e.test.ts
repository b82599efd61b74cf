import { beforeAll, describe, expect, it } from 'vitest';
import { accessToken, bearer, createOperator } from '../../support/identity-fixtures';
import { consumer } from '../../support/registry-fixtures';
import { addressFeature, grantAddresses, installSpatial, loadCity, type InstalledSpatial } from '../../support/spatial-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();

let operator: string;
let spatial: InstalledSpatial;
let reader: { token: string };

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  spatial = await installSpatial(gateway(), operator);
  await loadCity(gateway(), spatial, 90);
  reader = await consumer(gateway(), operator);
  await grantAddresses(gateway(), spatial, reader.token);
});

describe('spatial services', () => {
  it('locates a point in its province, prefecture and county', async () => {
    const located = await gateway()
      .http()
      .get('/registries/spatial/locate')
      .query({ lon: 113.45, lat: 23.12 })
      .set(bearer(reader.token))
      .expect(200);
    expect(located.body.divisions.map((d: { division_code: string; level: string }) => [d.division_code, d.level])).toEqual([
      ['440000', 'province'],
      ['440100', 'prefecture'],
      ['440106', 'county'],
    ]);
    const sea = await gateway()
      .http()
      .get('/registries/spatial/locate')
      .query({ lon: 120.5, lat: 18.2 })
      .set(bearer(reader.token))
      .expect(200);
    expect(sea.body.divisions).toEqual([]);
    const bad = await gateway()
      .http()
      .get('/registries/spatial/locate')
      .query({ lon: 23.12, lat: 113.45 })
      .set(bearer(reader.token))
      .expect(400);
    expect(JSON.stringify(bad.body.errors)).toContain('lon');
  });

  it('finds the nearest addresses within a radius, nearest first, with their distance', async () => {
    const target = addressFeature(4) as { geometry: { coordinates: [number, number] } };
    const [lon, lat] = target.geometry.coordinates;
    const near = await gateway()
      .http()
      .get('/registries/spatial/addresses/nearest')
      .query({ lon, lat, radius: 3000, limit: 5 })
      .set(bearer(reader.token))
      .expect(200);
    const distances = near.body.features.map((f: { properties: { distance_m: number } }) => f.properties.distance_m);
    expect(near.body.features[0].id).toBe('GZA000000004');
    expect(distances[0]).toBe(0);
    expect([...distances].sort((a: number, b: number) => a - b)).toEqual(distances);
    for (const distance of distances) expect(distance).toBeLessThanOrEqual(3000);
    await gateway().http().get('/registries/spatial/divisions/nearest').query({ lon, lat }).set(bearer(reader.token)).expect(400);
    await gateway()
      .http()
      .get('/registries/spatial/addresses/nearest')
      .query({ lon: '0x71', lat })
      .set(bearer(reader.token))
      .expect(400);
  });

  it('geocodes an address to its point, within the row scope', async () => {
    const target = addressFeature(5) as { geometry: unknown; properties: { full_address: string } };
    const found = await gateway()
      .http()
      .get('/registries/spatial/addresses/geocode')
      .query({ address: target.properties.full_address.slice(6) })
      .set(bearer(reader.token))
      .expect(200);
    expect(found.body.features[0]).toMatchObject({ id: 'GZA000000005', geometry: target.geometry });
    const scoped = await consumer(gateway(), operator);
    await grantAddresses(gateway(), spatial, scoped.token, [], ['440103']);
    const hidden = await gateway()
      .http()
      .get('/registries/spatial/addresses/geocode')
      .query({ address: target.properties.full_address.slice(6) })
      .set(bearer(scoped.token))
      .expect(200);
    expect(hidden.body.features).toEqual([]);
    await gateway()
      .http()
      .get('/registries/spatial/addresses/geocode')
      .query({ address: '   ' })
      .set(bearer(reader.token))
      .expect(400);
  });

  it('takes a data-quality dispute on a feature and shows it to the provider', async () => {
    const filed = await gateway()
      .http()
      .post('/registries/spatial/addresses/features/GZA000000007/disputes')
      .set(bearer(reader.token))
      .send({ item: 'full_address', reason: '门牌号已变更为 9 号' })
      .expect(201);
    const listed = await gateway()
      .http()
      .get('/registries/spatial/addresses/disputes')
      .set(bearer(spatial.planning.token))
      .expect(200);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toContain(filed.body.id);
  });
});
