import { beforeAll, describe, expect, it } from 'vitest';
import { accessToken, bearer, createOperator, createReviewer } from '../../support/identity-fixtures';
import { consumer } from '../../support/registry-fixtures';
import { DISTRICT_BOXES, grantAddresses, installSpatial, loadCity, type InstalledSpatial } from '../../support/spatial-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();
const ADDRESSES = 240;
const TIANHE = DISTRICT_BOXES[2];

let operator: string;
let spatial: InstalledSpatial;
/** A 天河区 consumer: granted building_id, rows scoped to 440106. */
let district: { token: string };

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  spatial = await installSpatial(gateway(), operator);
  await loadCity(gateway(), spatial, ADDRESSES);
  district = await consumer(gateway(), operator);
  await grantAddresses(gateway(), spatial, district.token, ['building_id'], ['440106']);
});

type Page = {
  numberMatched: number;
  features: Array<{ id: string; geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }>;
  links: Array<{ rel: string; href: string }>;
};

async function page(path: string, query: Record<string, string | number>, token = district.token): Promise<Page> {
  const response = await gateway().http().get(path).query(query).set(bearer(token));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as Page;
}

function insideTianhe(features: Page['features']): void {
  for (const feature of features) {
    expect(feature.geometry.coordinates[0]).toBeGreaterThanOrEqual(TIANHE?.west ?? 0);
    expect(feature.properties.division_code).toBe('440106');
  }
}

describe('access control on the OGC API', () => {
  it('refuses a collection whose geometry is not granted, naming the item', async () => {
    const stranger = await consumer(gateway(), operator);
    const refused = await gateway().http().get('/ogc/collections/addresses/items').set(bearer(stranger.token)).expect(403);
    expect(refused.body).toMatchObject({ reason: 'item_not_granted', items: ['geometry'] });
    const described = await gateway().http().get('/ogc/collections/addresses').set(bearer(stranger.token)).expect(200);
    expect(described.body).not.toHaveProperty('extent');
    await page('/ogc/collections/divisions/items', {}, stranger.token);
  });

  it('drops ungranted items from properties', async () => {
    const stranger = await consumer(gateway(), operator);
    await grantAddresses(gateway(), spatial, stranger.token);
    const open = await page('/ogc/collections/addresses/items', { limit: 5 }, stranger.token);
    expect(open.features[0]?.properties).toHaveProperty('full_address');
    expect(open.features[0]?.properties).not.toHaveProperty('building_id');
    const granted = await page('/ogc/collections/addresses/items', { limit: 5 });
    expect(granted.features[0]?.properties.building_id).toEqual(expect.stringMatching(/^B\d{10}$/));
    const filtered = await gateway()
      .http()
      .get('/ogc/collections/addresses/items')
      .query({ filter: "building_id = 'B0000000001'" })
      .set(bearer(stranger.token))
      .expect(403);
    expect(filtered.body.items).toEqual(['building_id']);
  });

  it('never returns a feature outside a one-district scope: not by paging, bbox, filter or next links', async () => {
    const all = await page('/ogc/collections/addresses/items', { limit: 1000 });
    expect(all.numberMatched).toBe(ADDRESSES / 3);
    insideTianhe(all.features);
    const wide = await page('/ogc/collections/addresses/items', { bbox: '113.0,22.9,113.6,23.4', limit: 1000 });
    expect(wide.numberMatched).toBe(ADDRESSES / 3);
    insideTianhe(wide.features);
    const elsewhere = await page('/ogc/collections/addresses/items', { filter: "division_code = '440103'" });
    expect(elsewhere.numberMatched).toBe(0);
    const byProperty = await page('/ogc/collections/addresses/items', { division_code: '440104' });
    expect(byProperty.numberMatched).toBe(0);
    let next: string | undefined = '/ogc/collections/addresses/items?limit=7';
    let seen = 0;
    while (next) {
      const url = new URL(next, 'http://local');
      const current = await page(url.pathname, Object.fromEntries(url.searchParams));
      insideTianhe(current.features);
      seen += current.features.length;
      next = current.links.find((link) => link.rel === 'next')?.href;
    }
    expect(seen).toBe(ADDRESSES / 3);
  });

  it('shows a scoped consumer the extent of its scope only', async () => {
    const described = await gateway().http().get('/ogc/collections/addresses').set(bearer(district.token)).expect(200);
    const [west] = described.body.extent.spatial.bbox[0] as number[];
    expect(west).toBeGreaterThanOrEqual(TIANHE?.west ?? 0);
  });

  it('answers a feature outside the scope like a missing one', async () => {
    const everything = await page(
      '/ogc/collections/addresses/items',
      { division_code: '440103', limit: 1 },
      spatial.planning.token,
    );
    const outside = everything.features[0]?.id ?? '';
    await gateway().http().get(`/ogc/collections/addresses/items/${outside}`).set(bearer(district.token)).expect(404);
  });

  it('refuses a token without data.read, and an unknown token', async () => {
    await gateway().http().get('/ogc/collections/addresses/items').expect(401);
    await gateway().http().get('/ogc/collections/addresses/items').set(bearer(operator)).expect(403);
  });

  it('records every feature a map page returned, so a reviewer finds each read of an address', async () => {
    const reviewer = await accessToken(gateway(), await createReviewer(gateway(), operator));
    const read = await page('/ogc/collections/addresses/items', { limit: 3 });
    const [first, , last] = read.features;
    for (const feature of [first, last]) {
      const found = await gateway()
        .http()
        .get('/audit/entries')
        .query({ subject: feature?.id ?? '', subjectKind: 'record', limit: '100' })
        .set(bearer(reviewer))
        .expect(200);
      const reads = (found.body.items as Array<{ route: string; principal?: { id: string } }>).filter(
        (entry) => entry.route === '/ogc/collections/:collectionId/items',
      );
      expect(reads.length).toBeGreaterThan(0);
    }
  });
});
