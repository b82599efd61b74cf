import type { Scenario } from '../scenario';
import { benchAgency, call } from './bench-agency';
import { benchOperatorToken } from './bench-operator';
import { freshDatabaseFixture, importPersons, installPopulation, randomPersonPath, type ImportRun } from './registry-bench';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 1_000_000);
let loaded: ImportRun | undefined;

/**
 * Authorised single lookups by random citizen ID on PERSONS persons (loaded through the import
 * path), as a consumer holding a grant on a conditional item, with the audit log on: every request
 * runs the guard, the entitlement check (grant path), one primary-key read, the projection and an
 * audit entry. Target ≥ 5 000 requests/s, p99 < 20 ms on 2 cores; compared with the baseline route.
 */
export const personLookup: Scenario = {
  name: 'person-lookup',
  description: `GET /registries/population/persons/{random id} on ${PERSONS} persons, granted consumer, audited (PostgreSQL)`,
  setUp: freshDatabaseFixture,
  async prepare({ gateway }) {
    const operatorToken = await benchOperatorToken(gateway);
    const { provider, resourceCode } = await installPopulation(gateway, operatorToken);
    loaded = await importPersons(gateway, provider, 0, PERSONS);
    const reader = await benchAgency(gateway, operatorToken, { roles: ['consumer'], divisionCode: '440100' });
    const request = await call<{ id: string }>(
      gateway,
      reader.token,
      'POST',
      `/catalog/resources/${resourceCode}/access-requests`,
      201,
      {
        purpose: 'business_collaboration',
        basis: '基准测试',
        items: ['household_address'],
        validTo: new Date(Date.now() + 300 * 86_400_000).toISOString(),
      },
    );
    await call(gateway, provider.token, 'POST', `/access-requests/${request.id}/approve`, 200, {});
    const headers = { authorization: `Bearer ${reader.token}` };
    return {
      label: 'GET /registries/population/persons/{random id} (granted consumer, audited)',
      path: randomPersonPath(PERSONS),
      headers,
      requests: [{ method: 'GET', headers, setupRequest: (request) => ({ ...request, path: randomPersonPath(PERSONS) }) }],
    };
  },
  report() {
    return Promise.resolve({ personLookup: { persons: PERSONS, loadedBy: loaded } });
  },
};
