import { expect } from 'vitest';
import { accessToken, bearer, createAgency, type TestPrincipal } from './identity-fixtures';
import { awaitImport, grant } from './registry-fixtures';
import { addressFeature, divisionFeatures } from './spatial-records';
import type { TestGateway } from './test-gateway';

export * from './spatial-records';

export const SPATIAL_COLLECTION_IDS = ['divisions', 'addresses', 'parcels', 'service-points'] as const;

export interface InstalledSpatial {
  /** 市规划和自然资源局: provider of every spatial collection. */
  readonly planning: { agency: TestPrincipal; token: string };
  /** Catalog resource code per collection id. */
  readonly resources: Record<string, string>;
}

/** Installs the four spatial collections with the planning bureau as provider. */
export async function installSpatial(gateway: TestGateway, operator: string): Promise<InstalledSpatial> {
  const agency = await createAgency(gateway, operator, { roles: ['provider', 'consumer'] });
  const planning = { agency, token: await accessToken(gateway, agency) };
  const resources: Record<string, string> = {};
  for (const id of SPATIAL_COLLECTION_IDS) {
    const installed = await gateway
      .http()
      .post(`/admin/registries/spatial-${id}`)
      .set(bearer(operator))
      .send({ providerCode: agency.code });
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    resources[id] = installed.body.resourceCode as string;
  }
  return { planning, resources };
}

/** Grants `token`'s agency the address points (and `items`), optionally scoped to divisions. */
export async function grantAddresses(
  gateway: TestGateway,
  spatial: InstalledSpatial,
  token: string,
  items: string[] = [],
  scope?: string[],
  approval: object = {},
): Promise<void> {
  await grant(gateway, spatial.resources.addresses ?? '', token, spatial.planning.token, ['geometry', ...items], approval, scope);
}

/** Imports a FeatureCollection into a collection and waits for it; returns the finished import. */
export async function importFeatures(
  gateway: TestGateway,
  token: string,
  collectionId: string,
  features: readonly unknown[],
): Promise<Record<string, unknown>> {
  const started = await gateway
    .http()
    .post(`/registries/spatial/${collectionId}/imports`)
    .set(bearer(token))
    .set('content-type', 'application/geo+json')
    .send(JSON.stringify({ type: 'FeatureCollection', features }));
  expect([200, 202], JSON.stringify(started.body)).toContain(started.status);
  return awaitImport(gateway, token, started.headers.location as string);
}

/** The divisions and `addresses` address points, loaded through the import path. */
export async function loadCity(gateway: TestGateway, spatial: InstalledSpatial, addresses: number): Promise<void> {
  const divisions = await importFeatures(gateway, spatial.planning.token, 'divisions', divisionFeatures());
  expect(divisions.rowsRejected, JSON.stringify(divisions)).toBe(0);
  const points = await importFeatures(
    gateway,
    spatial.planning.token,
    'addresses',
    Array.from({ length: addresses }, (_, index) => addressFeature(index)),
  );
  expect(points.rowsRejected, JSON.stringify(points)).toBe(0);
}
