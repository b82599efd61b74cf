import { expect } from 'vitest';
import { documentSeed, type DocumentSeed } from '../../seeds/macro/document-seed';
import { accessToken, bearer, createAgency, type TestPrincipal } from './identity-fixtures';
import { awaitImport } from './registry-fixtures';
import type { TestGateway } from './test-gateway';

export interface InstalledMacro {
  /** 市统计局: provider of the indicators and the observations. */
  readonly statistics: { agency: TestPrincipal; token: string };
  readonly resources: { indicators: string; observations: string };
}

/** Installs the macro registry's two entries with the statistics bureau as provider. */
export async function installMacro(gateway: TestGateway, operator: string): Promise<InstalledMacro> {
  const agency = await createAgency(gateway, operator, { roles: ['provider', 'consumer'] });
  const statistics = { agency, token: await accessToken(gateway, agency) };
  const codes: string[] = [];
  for (const registry of ['macro-indicators', 'macro-observations']) {
    const installed = await gateway
      .http()
      .post(`/admin/registries/${registry}`)
      .set(bearer(operator))
      .send({ providerCode: agency.code });
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    codes.push(installed.body.resourceCode as string);
  }
  return { statistics, resources: { indicators: codes[0] ?? '', observations: codes[1] ?? '' } };
}

/** Imports a file into `/registries/macro/{kind}/imports` and waits for it. */
export async function importMacro(
  gateway: TestGateway,
  token: string,
  kind: 'indicators' | 'observations',
  contentType: string,
  body: string,
): Promise<Record<string, unknown>> {
  const started = await gateway
    .http()
    .post(`/registries/macro/${kind}/imports`)
    .set(bearer(token))
    .set('content-type', contentType)
    .send(body);
  expect([200, 202], JSON.stringify(started.body)).toContain(started.status);
  return awaitImport(gateway, token, started.headers.location as string);
}

export const ndjson = (rows: ReadonlyArray<Record<string, unknown>>): string => rows.map((row) => JSON.stringify(row)).join('\n');

/** The documents' indicators and values (seeds/macro), loaded through the import path. */
export async function loadDocumentSeed(gateway: TestGateway, macro: InstalledMacro): Promise<DocumentSeed> {
  const seed = documentSeed();
  const indicators = await importMacro(
    gateway,
    macro.statistics.token,
    'indicators',
    'application/x-ndjson',
    ndjson(seed.indicators),
  );
  expect(indicators.rowsRejected, JSON.stringify(indicators)).toBe(0);
  const observations = await importMacro(
    gateway,
    macro.statistics.token,
    'observations',
    'application/x-ndjson',
    ndjson(seed.observations),
  );
  expect(observations.rowsRejected, JSON.stringify(observations)).toBe(0);
  return seed;
}
