import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AGENCIES } from '../../../seeds/demo/demo-city';
import { ScaleAddresses } from '../../../seeds/scale/scale-addresses';
import { ScaleLegalPersons } from '../../../seeds/scale/scale-legal-persons';
import { ScalePersons } from '../../../seeds/scale/scale-persons';
import { demoToken, getAs, startGatewayProcess, type GatewayProcess } from '../../support/gateway-process';
import { runHutong, runNode, type Finished } from '../../support/processes';

interface KindSummary {
  kind: string;
  path: string;
  rows: number;
  chunks: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  alreadyImported: number;
  imports: string[];
}

const SEED = 42;
const COUNTS = { persons: 3_000, legalPersons: 1_000, addresses: 1_000 };
const SCALE_ARGS = [
  '--json',
  'seed',
  'scale',
  '--persons',
  String(COUNTS.persons),
  '--legal-persons',
  String(COUNTS.legalPersons),
  '--addresses',
  String(COUNTS.addresses),
  '--chunk-rows',
  '1500',
  '--seed',
  String(SEED),
];

/**
 * `hutong seed scale` against a running gateway with the demo city loaded: the rows go through the
 * real bulk imports as the demo providers, every one is accepted, the generated keys can be read
 * back through the API, and a second identical run is the same imports again and creates nothing.
 */
describe('hutong seed scale', () => {
  let gateway: GatewayProcess | undefined;
  let env: Record<string, string>;
  let firstRun: KindSummary[] = [];

  const scale = (args: string[]): Promise<Finished> => runNode(['bin/hutong.js', ...args], env, 240_000);
  const tokenOf = (principal: string) => demoToken(gateway as GatewayProcess, principal);
  const get = (path: string, token: string) => getAs(gateway as GatewayProcess, path, token);

  beforeAll(async () => {
    gateway = await startGatewayProcess('hutong-scale');
    ({ env } = gateway);
  }, 90_000);

  afterAll(async () => {
    await gateway?.stop();
  });

  it('tells the user to run `seed demo` first when the demo keys are not there', async () => {
    const emptyKeys = mkdtempSync(join(tmpdir(), 'hutong-no-keys-'));
    try {
      const refused = await scale(['seed', 'scale', '--persons', '10', '--keys-dir', emptyKeys]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toContain('run `npx hutong seed demo` first');
    } finally {
      rmSync(emptyKeys, { recursive: true, force: true });
    }
  }, 60_000);

  it('loads persons, legal persons and addresses through the bulk imports with nothing rejected', async () => {
    const demo = await runHutong(['--json', 'seed', 'demo'], env);
    expect(demo.code, demo.stderr).toBe(0);

    const loaded = await scale(SCALE_ARGS);
    expect(loaded.code, loaded.stderr).toBe(0);
    const summary = JSON.parse(loaded.stdout) as { seed: number; chunkRows: number; kinds: KindSummary[] };
    firstRun = summary.kinds;
    expect(summary).toMatchObject({ seed: SEED, chunkRows: 1500 });
    expect(
      summary.kinds.map((kind) => [kind.kind, kind.rows, kind.chunks, kind.created, kind.rejected, kind.imports.length]),
    ).toEqual([
      ['persons', 3_000, 2, 3_000, 0, 2],
      ['legal-persons', 1_000, 1, 1_000, 0, 1],
      ['addresses', 1_000, 1, 1_000, 0, 1],
    ]);
    // Without a terminal, progress goes to stderr as lines; stdout holds only the JSON.
    expect(loaded.stderr).toContain('seed scale: persons 3 000/3 000 rows (100 %)');

    // Each import, as its provider sees it: completed, every row read, none rejected.
    const providers: Record<string, string> = {
      persons: DEMO_AGENCIES.police.code,
      'legal-persons': DEMO_AGENCIES.market.code,
      addresses: DEMO_AGENCIES.planning.code,
    };
    for (const kind of summary.kinds) {
      const token = await tokenOf(providers[kind.kind] ?? '');
      let read = 0;
      for (const id of kind.imports) {
        const entry = await get(`${kind.path}/${id}`, token);
        expect(entry.status).toBe(200);
        expect(entry.body).toMatchObject({ state: 'completed', rowsRejected: 0 });
        read += Number(entry.body.rowsRead);
      }
      expect(read, kind.kind).toBe(kind.rows);
    }
  }, 300_000);

  it('makes the generated records readable: persons and legal persons by a consumer, address points by their provider', async () => {
    const persons = new ScalePersons(COUNTS.persons, SEED);
    const legalPersons = new ScaleLegalPersons(COUNTS.legalPersons, SEED, persons);
    const addresses = new ScaleAddresses(COUNTS.addresses, SEED);
    const tax = await tokenOf(DEMO_AGENCIES.tax.code);
    for (const index of [0, 1_499, 1_500, 2_999]) {
      const person = persons.identity(index);
      const read = await get(`/registries/population/persons/${person.citizenId}`, tax);
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      expect(read.body.record).toMatchObject({ name: person.name, household_division: person.district.code });
    }
    for (const index of [0, 999]) {
      const row = legalPersons.row(index);
      const read = await get(`/registries/legal-persons/${String(row.credit_code)}`, tax);
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      expect(read.body.record).toMatchObject({ name: row.name, registered_division: row.registered_division });
    }
    const planning = await tokenOf(DEMO_AGENCIES.planning.code);
    for (const index of [0, 999]) {
      const feature = addresses.feature(index);
      const read = await get(`/ogc/collections/addresses/items/${feature.id}`, planning);
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      expect(read.body.geometry).toEqual(feature.geometry);
      expect(read.body.properties).toMatchObject({ full_address: feature.properties.full_address });
    }
  }, 120_000);

  it('creates nothing when run again: every chunk is the import it was the first time', async () => {
    expect(firstRun).toHaveLength(3);
    const again = await scale(SCALE_ARGS);
    expect(again.code, again.stderr).toBe(0);
    const summary = JSON.parse(again.stdout) as { kinds: KindSummary[] };
    expect(summary.kinds.map((kind) => [kind.kind, kind.created, kind.updated, kind.rejected, kind.alreadyImported])).toEqual([
      ['persons', 0, 0, 0, 2],
      ['legal-persons', 0, 0, 0, 1],
      ['addresses', 0, 0, 0, 1],
    ]);
    expect(summary.kinds.map((kind) => kind.imports)).toEqual(firstRun.map((kind) => kind.imports));
  }, 300_000);
});
