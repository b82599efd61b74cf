import { expect } from 'vitest';
import type { SeedDataset } from '../../seeds/datasets';
import { publishEntry } from './catalog-fixtures';
import { accessToken, bearer, createAgency, type TestPrincipal } from './identity-fixtures';
import type { TestGateway } from './test-gateway';

export interface PublishedDataset {
  readonly provider: { readonly agency: TestPrincipal; readonly token: string };
  readonly resource: string;
  /** `/agencies/{provider}/datasets/{code}` */
  readonly base: string;
}

/** Registers the seed's provider agency, publishes its catalog entry and registers the dataset on it, as the agency would. */
export async function publishSeedDataset(gateway: TestGateway, operator: string, seed: SeedDataset): Promise<PublishedDataset> {
  const agency = await createAgency(gateway, operator, {
    code: seed.provider.code,
    name: seed.provider.name,
    divisionCode: seed.provider.divisionCode,
    roles: ['provider', 'consumer'],
  });
  const token = await accessToken(gateway, agency);
  const resource = await publishEntry(gateway, token, operator, { ...seed.entry });
  const registered = await gateway
    .http()
    .post(`/agencies/${agency.code}/datasets`)
    .set(bearer(token))
    .send({ code: seed.code, resourceCode: resource });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  return { provider: { agency, token }, resource, base: `/agencies/${agency.code}/datasets/${seed.code}` };
}

/** The record key of a seed record: its key items' values joined by `~`. */
export function keyOf(seed: SeedDataset, record: Readonly<Record<string, unknown>>): string {
  const items = (seed.entry.items as Array<{ code: string; key?: boolean }>).filter((item) => item.key === true);
  return items.map((item) => String(record[item.code])).join('~');
}

/** PUTs every sample record of the seed as its provider. */
export async function putSeedRecords(gateway: TestGateway, seed: SeedDataset, dataset: PublishedDataset): Promise<void> {
  for (const record of seed.records) {
    const response = await gateway
      .http()
      .put(`${dataset.base}/records/${encodeURIComponent(keyOf(seed, record))}`)
      .set(bearer(dataset.provider.token))
      .send({ record });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  }
}
