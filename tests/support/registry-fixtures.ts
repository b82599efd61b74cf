import { expect } from 'vitest';
import { accessToken, bearer, createAgency, type TestPrincipal } from './identity-fixtures';
import type { TestGateway } from './test-gateway';

export * from './registry-records';

export interface InstalledRegistries {
  /** 市公安局: provider of the population registry (also a consumer, so it may read what it provides). */
  readonly police: { agency: TestPrincipal; token: string };
  /** 市市场监督管理局: provider of the legal-person registry. */
  readonly market: { agency: TestPrincipal; token: string };
  /** 市人力资源和社会保障局: contributes the employment and social-insurance groups of persons. */
  readonly labour: { agency: TestPrincipal; token: string };
  readonly population: { resource: string; verification: string };
  readonly legalPersons: { resource: string; verification: string };
}

async function agency(gateway: TestGateway, operator: string, roles: string[]) {
  const principal = await createAgency(gateway, operator, { roles });
  return { agency: principal, token: await accessToken(gateway, principal) };
}

/** Installs both registries as an operator would, with their providers and one contributor. */
export async function installRegistries(gateway: TestGateway, operator: string): Promise<InstalledRegistries> {
  const police = await agency(gateway, operator, ['provider', 'consumer']);
  const market = await agency(gateway, operator, ['provider', 'consumer']);
  const labour = await agency(gateway, operator, ['provider', 'consumer']);
  const population = await gateway
    .http()
    .post('/admin/registries/population')
    .set(bearer(operator))
    .send({
      providerCode: police.agency.code,
      contributors: { employment: [labour.agency.code], social_insurance: [labour.agency.code] },
    });
  expect(population.status, JSON.stringify(population.body)).toBe(201);
  const legal = await gateway
    .http()
    .post('/admin/registries/legal-persons')
    .set(bearer(operator))
    .send({ providerCode: market.agency.code });
  expect(legal.status, JSON.stringify(legal.body)).toBe(201);
  return {
    police,
    market,
    labour,
    population: { resource: population.body.resourceCode, verification: population.body.verificationResourceCode },
    legalPersons: { resource: legal.body.resourceCode, verification: legal.body.verificationResourceCode },
  };
}

const inAYear = () => new Date(Date.now() + 300 * 86_400_000).toISOString();

/** Asks for `items` of a resource as `token` and, unless they are all unconditional, has `providerToken` approve (narrowed by `approval`). */
export async function grant(
  gateway: TestGateway,
  resource: string,
  token: string,
  providerToken: string,
  items: string[],
  approval: object = {},
  rowScope?: string[],
): Promise<string> {
  const request = await gateway
    .http()
    .post(`/catalog/resources/${resource}/access-requests`)
    .set(bearer(token))
    .send({
      purpose: 'business_collaboration',
      basis: '业务协同',
      items,
      validTo: inAYear(),
      ...(rowScope ? { rowScope: { divisions: rowScope } } : {}),
    });
  expect(request.status, JSON.stringify(request.body)).toBe(201);
  if (request.body.state === 'pending') {
    const approved = await gateway
      .http()
      .post(`/access-requests/${request.body.id}/approve`)
      .set(bearer(providerToken))
      .send(approval);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  }
  return request.body.id as string;
}

/** A new consumer agency with its token. */
export function consumer(gateway: TestGateway, operator: string) {
  return agency(gateway, operator, ['consumer']);
}

/** Polls an import until it leaves queued/running. */
export async function awaitImport(gateway: TestGateway, token: string, location: string): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    const response = await gateway.http().get(location).set(bearer(token));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    if (response.body.state === 'completed' || response.body.state === 'failed') return response.body as Record<string, unknown>;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`import ${location} did not finish`);
}
