import type { Scenario } from '../scenario';
import { addressFeature, divisionFeatures, GUANGZHOU_BOX } from '../../support/spatial-records';
import { benchAgency, call } from './bench-agency';
import { benchOperatorToken } from './bench-operator';
import { freshDatabaseFixture, importStream, ndjsonFile, type ImportRun } from './registry-bench';

const ADDRESSES = Number(process.env.BENCH_ADDRESSES ?? 1_000_000);
/** About 550 m × 550 m: some 80 of a million points spread over the Guangzhou box (BENCH_BOX_DEGREES to change). */
const BOX_DEGREES = Number(process.env.BENCH_BOX_DEGREES ?? 0.005);
let loaded: ImportRun | undefined;

/** A random small bbox inside the Guangzhou box, as an OGC items path with limit=100. */
function randomBboxPath(): string {
  const west = GUANGZHOU_BOX.west + Math.random() * (GUANGZHOU_BOX.east - GUANGZHOU_BOX.west - BOX_DEGREES);
  const south = GUANGZHOU_BOX.south + Math.random() * (GUANGZHOU_BOX.north - GUANGZHOU_BOX.south - BOX_DEGREES);
  const bbox = [west, south, west + BOX_DEGREES, south + BOX_DEGREES].map((n) => n.toFixed(6)).join(',');
  return `/ogc/collections/addresses/items?limit=100&bbox=${bbox}`;
}

/**
 * OGC API – Features items requests with random ~500 m bounding boxes over ADDRESSES address
 * points (loaded through the GeoJSON import path), limit=100, as a consumer: every request runs the
 * guard, the entitlement check, a GiST-indexed page and count, the projection and an audit entry
 * of the features returned. Target ≥ 2 000 requests/s, p99 < 50 ms on 2 cores.
 */
export const spatialBbox: Scenario = {
  name: 'spatial-bbox',
  description: `GET /ogc/collections/addresses/items?limit=100&bbox={random ~500 m} over ${ADDRESSES} points (PostgreSQL)`,
  setUp: freshDatabaseFixture,
  async prepare({ gateway }) {
    const operatorToken = await benchOperatorToken(gateway);
    const provider = await benchAgency(gateway, operatorToken, { roles: ['provider', 'consumer'], divisionCode: '440100' });
    const resources: Record<string, string> = {};
    for (const id of ['divisions', 'addresses']) {
      const binding = await call<{ resourceCode: string }>(
        gateway,
        operatorToken,
        'POST',
        `/admin/registries/spatial-${id}`,
        201,
        {
          providerCode: provider.code,
        },
      );
      resources[id] = binding.resourceCode;
    }
    const reader = await benchAgency(gateway, operatorToken, { roles: ['consumer'], divisionCode: '440100' });
    // The address points are 有条件: the reader holds an approved grant on them, as a real consumer would.
    const request = await call<{ id: string }>(
      gateway,
      reader.token,
      'POST',
      `/catalog/resources/${resources.addresses ?? ''}/access-requests`,
      201,
      {
        purpose: 'business_collaboration',
        basis: '基准测试',
        items: ['geometry'],
        validTo: new Date(Date.now() + 300 * 86_400_000).toISOString(),
      },
    );
    await call(gateway, provider.token, 'POST', `/access-requests/${request.id}/approve`, 200, {});
    const divisions = divisionFeatures();
    await importStream(
      gateway,
      provider,
      '/registries/spatial/divisions/imports',
      'application/x-ndjson',
      ndjsonFile(0, divisions.length, (i) => divisions[i]),
      divisions.length,
    );
    loaded = await importStream(
      gateway,
      provider,
      '/registries/spatial/addresses/imports',
      'application/x-ndjson',
      ndjsonFile(0, ADDRESSES, addressFeature),
      ADDRESSES,
    );
    // The load took minutes: a fresh token, as the reader's client would hold.
    const headers = { authorization: `Bearer ${await reader.renew()}` };
    return {
      label: 'GET /ogc/collections/addresses/items?limit=100&bbox={random ~500 m} (consumer, audited)',
      path: randomBboxPath(),
      headers,
      requests: [{ method: 'GET', headers, setupRequest: (request) => ({ ...request, path: randomBboxPath() }) }],
    };
  },
  report() {
    return Promise.resolve({ spatialBbox: { addresses: ADDRESSES, boxDegrees: BOX_DEGREES, loadedBy: loaded } });
  },
};
