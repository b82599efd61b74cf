import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoToken, getAs, startGatewayProcess, type GatewayProcess } from '../../support/gateway-process';
import { DEMO_AGENCIES, DEMO_OPERATOR, DEMO_REVIEWER } from '../../../seeds/demo/demo-city';
import { SEED_DATASETS, SOCIAL_INSURANCE } from '../../../seeds/datasets';
import { runHutong } from '../../support/processes';

/**
 * `hutong seed demo` against a running gateway: everything goes through the API with the demo
 * agencies' own keys, and a second run changes nothing.
 */
describe('hutong seed demo', () => {
  let gateway: GatewayProcess | undefined;
  let dir: string;
  let env: Record<string, string>;
  let url: string;
  let firstImports: Array<{ id: string }> = [];

  beforeAll(async () => {
    gateway = await startGatewayProcess('hutong-demo');
    ({ dir, url, env } = gateway);
  }, 90_000);

  afterAll(async () => {
    await gateway?.stop();
  });

  const keysDir = () => join(dir, 'data', 'demo-keys');
  const tokenOf = (principal: string) => demoToken(gateway as GatewayProcess, principal);
  const get = (path: string, token: string) => getAs(gateway as GatewayProcess, path, token);

  it('loads the agencies, registries and datasets, with private keys only their owner can read', async () => {
    const seeded = await runHutong(['--json', 'seed', 'demo'], env);
    expect(seeded.code, seeded.stderr).toBe(0);
    const summary = JSON.parse(seeded.stdout) as {
      agencies: number;
      registries: string[];
      datasets: string[];
      imports: Array<{ path: string; id: string; rows: number; created: number; rejected: number }>;
      sharing: { approved: number; pending: number; subscriptions: number };
    };
    firstImports = summary.imports;
    expect(summary.sharing).toEqual({ approved: 2, pending: 2, subscriptions: 2 });
    expect(summary.imports.map((i) => [i.path, i.rejected, i.created === i.rows])).toEqual([
      ['/registries/population/imports', 0, true],
      ['/registries/legal-persons/imports', 0, true],
      ['/registries/spatial/divisions/imports', 0, true],
      ['/registries/spatial/addresses/imports', 0, true],
      ['/registries/macro/indicators/imports', 0, true],
      ['/registries/macro/observations/imports', 0, true],
    ]);
    expect(summary.agencies).toBe(Object.keys(DEMO_AGENCIES).length);
    expect(summary.datasets).toEqual(SEED_DATASETS.map((seed) => seed.code));
    expect(statSync(join(keysDir(), `${DEMO_OPERATOR.code}.jwk`)).mode & 0o777).toBe(0o600);

    const operator = await tokenOf(DEMO_OPERATOR.code);
    for (const agency of Object.values(DEMO_AGENCIES)) {
      const found = await get(`/admin/agencies/${agency.code}`, operator);
      expect(found.status, agency.name).toBe(200);
      expect(found.body).toMatchObject({ name: agency.name, divisionCode: agency.divisionCode });
    }
    const registries = await get('/registries', operator);
    expect(JSON.stringify(registries.body)).toContain(DEMO_AGENCIES.police.code);

    // A consumer bureau signs in with its own demo key and reads a dataset's unconditional items.
    const civilAffairs = await tokenOf(DEMO_AGENCIES.civilAffairs.code);
    const record = SOCIAL_INSURANCE.records[0] ?? {};
    const key = encodeURIComponent(`${String(record.citizen_id)}~${String(record.insurance_type)}`);
    const read = await get(`/agencies/${SOCIAL_INSURANCE.provider.code}/datasets/social-insurance/records/${key}`, civilAffairs);
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body.record).toMatchObject({ insured_name: record.insured_name });
    expect(read.body.record).not.toHaveProperty('contribution_base');
    expect((await tokenOf(DEMO_REVIEWER.code)).length).toBeGreaterThan(20);

    // The district polygons answer "where is this point": 天河 holds the Canton Tower's neighbourhood.
    const located = await get('/registries/spatial/locate?lon=113.36&lat=23.13', civilAffairs);
    expect(located.body.divisions).toEqual(
      expect.arrayContaining([expect.objectContaining({ division_code: '440106', name: '天河区' })]),
    );
    // The provider's inbox holds the two pending requests; the approved ones are grants the consumers read under.
    const inbox = await get('/access-requests?as=provider&state=pending', await tokenOf(DEMO_AGENCIES.police.code));
    expect((inbox.body.items as Array<{ consumer: string }>).map((request) => request.consumer).sort()).toEqual(
      [DEMO_AGENCIES.tianheCivilAffairs.code, DEMO_AGENCIES.tax.code].sort(),
    );
    const health = await tokenOf(DEMO_AGENCIES.health.code);
    const subscriptions = await get('/subscriptions', health);
    expect(subscriptions.body.items).toHaveLength(1);
    const person = await get('/registries/population/persons/440103195001010008?items=residence_address', health);
    expect(person.body).toMatchObject({ basis: 'grant', masked: ['residence_address'] });
  }, 180_000);

  it('changes nothing when run again, and asks again for what was withdrawn meanwhile', async () => {
    const district = await tokenOf(DEMO_AGENCIES.tianheCivilAffairs.code);
    const [pending] = (await get('/access-requests?as=consumer', district)).body.items as Array<{ id: string }>;
    const withdrawn = await fetch(new URL(`/access-requests/${pending?.id ?? ''}/withdraw`, url), {
      method: 'POST',
      headers: { authorization: `Bearer ${district}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: '申请材料有误' }),
    });
    expect(withdrawn.status).toBe(200);

    const again = await runHutong(['--json', 'seed', 'demo'], env);
    expect(again.code, again.stderr).toBe(0);
    // The same files again are the same imports: nothing ran twice.
    const summary = JSON.parse(again.stdout) as {
      imports: Array<{ id: string }>;
      sharing: { approved: number; pending: number; subscriptions: number };
    };
    expect(summary.imports.map((i) => i.id)).toEqual(firstImports.map((i) => i.id));
    expect(summary.sharing).toEqual({ approved: 2, pending: 2, subscriptions: 2 });
    const districtRequests = (await get('/access-requests?as=consumer', district)).body.items as Array<{ state: string }>;
    expect(districtRequests.map((request) => request.state).sort()).toEqual(['pending', 'withdrawn']);
    const operator = await tokenOf(DEMO_OPERATOR.code);
    const history = await get(
      `/agencies/${SOCIAL_INSURANCE.provider.code}/datasets/social-insurance/records/${encodeURIComponent(
        `${String(SOCIAL_INSURANCE.records[0]?.citizen_id)}~pension`,
      )}/history`,
      await tokenOf(SOCIAL_INSURANCE.provider.code),
    );
    expect((history.body.versions as unknown[]).length).toBe(1);
    const requests = await get('/access-requests?as=consumer', await tokenOf(DEMO_AGENCIES.tax.code));
    expect(requests.body.items).toHaveLength(2);
    const agencies = await get('/admin/agencies?limit=200', operator);
    expect(JSON.stringify(agencies.body).split(DEMO_AGENCIES.tax.code).length - 1).toBe(1);
  }, 180_000);
});
