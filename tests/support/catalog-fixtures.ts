import { expect } from 'vitest';
import { bearer } from './identity-fixtures';
import type { TestGateway } from './test-gateway';

export { openStatisticsEntry, populationEntry } from './catalog-entries';

/** Drafts an entry as the provider, submits it, and publishes it as an operator; returns its code. */
export async function publishEntry(
  gateway: TestGateway,
  providerToken: string,
  operatorToken: string,
  entry: Record<string, unknown>,
): Promise<string> {
  const drafted = await gateway.http().post('/catalog/resources').set(bearer(providerToken)).send(entry);
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  const code = (drafted.body as { code: string }).code;
  const submitted = await gateway.http().post(`/catalog/resources/${code}/submit`).set(bearer(providerToken));
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const published = await gateway.http().post(`/catalog/resources/${code}/publish`).set(bearer(operatorToken));
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return code;
}
