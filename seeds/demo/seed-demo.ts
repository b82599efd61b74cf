import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SEED_DATASETS, type SeedDataset } from '../datasets';
import { expectStatus, type DemoClient, type DemoResponse } from './demo-client';
import { documentSeed } from '../macro/document-seed';
import { DEMO_AGENCIES, DEMO_OPERATOR, DEMO_REVIEWER, type DemoAgency } from './demo-city';
import { demoLegalPerson, demoPerson } from './demo-people';
import { demoAddressFeatures, demoDistrictFeatures } from './demo-places';
import { ensureSharing, type SharingSummary } from './demo-sharing';

/** Written into the keys directory when the whole city is loaded (the gateway's first start then leaves it alone). */
export const DEMO_LOADED_MARKER = '.loaded';

/** A few thousand persons and legal persons: enough to search and page, quick to import. */
export const DEMO_PERSONS = 3_000;
export const DEMO_LEGAL_PERSONS = 1_000;

export interface DemoSeedOptions {
  readonly client: DemoClient;
  /** Creates the operator in the database: the one step no API can take (someone must be first). */
  readonly bootstrapOperator: (publicJwk: Record<string, string>, kid: string) => Promise<void>;
  readonly log?: (message: string) => void;
}

export interface DemoSeedSummary {
  readonly keysDir: string;
  readonly operator: string;
  readonly reviewer: string;
  readonly agencies: number;
  readonly registries: readonly string[];
  readonly datasets: readonly string[];
  readonly imports: readonly ImportSummary[];
  readonly sharing: SharingSummary;
}

export interface ImportSummary {
  readonly path: string;
  readonly id: string;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
}

/** Registries the demo city installs, with their providers and contributors. */
const REGISTRY_INSTALLS: ReadonlyArray<{ registry: string; provider: DemoAgency; contributors?: Record<string, string[]> }> = [
  {
    registry: 'population',
    provider: DEMO_AGENCIES.police,
    contributors: { employment: [DEMO_AGENCIES.labour.code], social_insurance: [DEMO_AGENCIES.labour.code] },
  },
  { registry: 'legal-persons', provider: DEMO_AGENCIES.market },
  ...['spatial-divisions', 'spatial-addresses', 'spatial-parcels', 'spatial-service-points'].map((registry) => ({
    registry,
    provider: DEMO_AGENCIES.planning,
  })),
  ...['macro-indicators', 'macro-observations'].map((registry) => ({ registry, provider: DEMO_AGENCIES.statistics })),
];

/**
 * Loads the demo city through the gateway's API, as its agencies and its operator would: staff and
 * agencies with their keys (private keys in the keys directory), the registries installed with their
 * providers, the example datasets published and registered with their sample records. Every step
 * first looks at what is there, so running it again changes nothing.
 */
export async function seedDemoCity(options: DemoSeedOptions): Promise<DemoSeedSummary> {
  const { client } = options;
  const log = options.log ?? (() => undefined);
  await ensureOperator(options);
  await ensurePrincipal(client, 'reviewers', DEMO_REVIEWER.code, { code: DEMO_REVIEWER.code, name: DEMO_REVIEWER.name });
  const agencies: DemoAgency[] = Object.values(DEMO_AGENCIES);
  for (const agency of agencies) await ensureAgency(client, agency);
  log(`${agencies.length} agencies, operator ${DEMO_OPERATOR.code} and reviewer ${DEMO_REVIEWER.code} ready`);
  await installRegistries(client);
  log(`registries installed: ${REGISTRY_INSTALLS.map((install) => install.registry).join(', ')}`);
  for (const seed of SEED_DATASETS) await ensureDataset(client, seed);
  log(`datasets published: ${SEED_DATASETS.map((seed) => seed.code).join(', ')}`);
  const imports = await importRegistryData(client, log);
  const sharing = await ensureSharing(client);
  log(`access requests: ${sharing.approved} approved, ${sharing.pending} pending; ${sharing.subscriptions} subscriptions`);
  await writeFile(join(client.keysDir, DEMO_LOADED_MARKER), `${new Date().toISOString()}\n`);
  return {
    keysDir: client.keysDir,
    operator: DEMO_OPERATOR.code,
    reviewer: DEMO_REVIEWER.code,
    agencies: agencies.length,
    registries: REGISTRY_INSTALLS.map((install) => install.registry),
    datasets: SEED_DATASETS.map((seed) => seed.code),
    imports,
    sharing,
  };
}

async function ensureOperator(options: DemoSeedOptions): Promise<void> {
  const { client } = options;
  if (client.hasKey(DEMO_OPERATOR.code)) return;
  const key = await client.newKey();
  try {
    await options.bootstrapOperator(client.publicJwk(key), key.kid);
  } catch (error) {
    throw new Error(
      `cannot create the demo operator ${DEMO_OPERATOR.code} (${error instanceof Error ? error.message : String(error)}); ` +
        `if the database has it but ${client.keyFile(DEMO_OPERATOR.code)} was deleted, register a new key for it or start from an empty database`,
    );
  }
  await client.saveKey(DEMO_OPERATOR.code, key);
}

/**
 * A principal the operator registers (a reviewer, an agency) — 409: it is there already — and, when
 * there is no key file for it here, a new key registered first and saved after.
 */
async function ensurePrincipal(
  client: DemoClient,
  collection: string,
  code: string,
  body: Record<string, unknown>,
): Promise<void> {
  const created = await client.call('POST', `/admin/${collection}`, DEMO_OPERATOR.code, body);
  expectStatus(created, [201, 409], `register ${code}`);
  if (client.hasKey(code)) return;
  const key = await client.newKey();
  const registered = await client.call('POST', `/admin/${collection}/${code}/keys`, DEMO_OPERATOR.code, {
    jwk: client.publicJwk(key),
  });
  expectStatus(registered, [201], `register the key of ${code}`);
  await client.saveKey(code, key);
}

function ensureAgency(client: DemoClient, agency: DemoAgency): Promise<void> {
  return ensurePrincipal(client, 'agencies', agency.code, {
    code: agency.code,
    name: agency.name,
    level: agency.level,
    divisionCode: agency.divisionCode,
    roles: [...agency.roles],
    ...(agency.parentCode ? { parentCode: agency.parentCode } : {}),
  });
}

/** Installs the registries not installed yet: installing again would replace contributors an operator has since bound. */
async function installRegistries(client: DemoClient): Promise<void> {
  const listed = await client.call('GET', '/registries', DEMO_OPERATOR.code);
  expectStatus(listed, [200], 'list the installed registries');
  // The list names every registry the deployment knows; one not installed says `installed: false`.
  const items = listed.body.items as Array<{ registry: string; installed?: false }>;
  const installed = new Set(items.filter((item) => item.installed !== false).map((item) => item.registry));
  for (const install of REGISTRY_INSTALLS.filter((candidate) => !installed.has(candidate.registry))) {
    const response = await client.call('POST', `/admin/registries/${install.registry}`, DEMO_OPERATOR.code, {
      providerCode: install.provider.code,
      ...(install.contributors ? { contributors: install.contributors } : {}),
    });
    expectStatus(response, [200, 201], `install the ${install.registry} registry`);
  }
}

/** Publishes the dataset's catalog entry (the provider drafts and submits, the operator publishes), registers it, writes its records. */
async function ensureDataset(client: DemoClient, seed: SeedDataset): Promise<void> {
  const provider = seed.provider.code;
  const base = `/agencies/${provider}/datasets/${seed.code}`;
  const found = await client.call('GET', base, provider);
  expectStatus(found, [200, 404], `look up the dataset ${seed.code}`);
  if (found.status === 404) {
    const resourceCode = await publishedEntry(client, seed);
    const registered = await client.call('POST', `/agencies/${provider}/datasets`, provider, { code: seed.code, resourceCode });
    expectStatus(registered, [201], `register the dataset ${seed.code}`);
  }
  const keyItems = (seed.entry.items as Array<{ code: string; key?: boolean }>).filter((item) => item.key === true);
  // Only the records that are missing: a provider's later edits of the demo records stay.
  for (const record of seed.records) {
    const path = `${base}/records/${encodeURIComponent(keyItems.map((item) => String(record[item.code])).join('~'))}`;
    const existing = await client.call('GET', path, provider);
    expectStatus(existing, [200, 404], `look up ${path}`);
    if (existing.status === 200) continue;
    expectStatus(await client.call('PUT', path, provider, { record }), [200, 201], `write ${path}`);
  }
}

/**
 * The registries' data, through their bulk imports (a file sent again is the same import: nothing
 * changes): persons, legal persons, and the macro indicators and values of the source documents.
 */
/**
 * The dataset's catalog entry, published: the provider's own entry of that name if a run stopped
 * before registering it (taken on from where it stands), else a new draft, submitted and published.
 */
async function publishedEntry(client: DemoClient, seed: SeedDataset): Promise<string> {
  const provider = seed.provider.code;
  const name = String(seed.entry.name);
  const search = await client.call(
    'GET',
    `/catalog/resources?provider=${provider}&q=${encodeURIComponent(name)}&limit=50`,
    provider,
  );
  expectStatus(search, [200], `look for the catalog entry ${name}`);
  const earlier = (search.body.items as Array<{ code: string; name: string; status: string }>).find(
    (entry) => entry.name === name && entry.status !== 'retired',
  );
  let entry = earlier ?? { code: '', status: 'new' };
  if (entry.status === 'new') {
    const drafted = await client.call('POST', '/catalog/resources', provider, seed.entry);
    expectStatus(drafted, [201], `draft the catalog entry of ${seed.code}`);
    entry = { code: String(drafted.body.code), status: 'draft' };
  }
  if (entry.status === 'draft') {
    expectStatus(await client.call('POST', `/catalog/resources/${entry.code}/submit`, provider), [200], `submit ${entry.code}`);
  }
  if (entry.status === 'draft' || entry.status === 'submitted') {
    const published = await client.call('POST', `/catalog/resources/${entry.code}/publish`, DEMO_OPERATOR.code);
    expectStatus(published, [200], `publish ${entry.code}`);
  }
  return entry.code;
}

async function importRegistryData(client: DemoClient, log: (message: string) => void): Promise<ImportSummary[]> {
  const macro = documentSeed();
  const imports = [
    { path: '/registries/population/imports', provider: DEMO_AGENCIES.police, rows: range(DEMO_PERSONS).map(demoPerson) },
    {
      path: '/registries/legal-persons/imports',
      provider: DEMO_AGENCIES.market,
      rows: range(DEMO_LEGAL_PERSONS).map(demoLegalPerson),
    },
    // District polygons and address points: GeoJSON sequences (one Feature per line), like the persons' NDJSON.
    { path: '/registries/spatial/divisions/imports', provider: DEMO_AGENCIES.planning, rows: demoDistrictFeatures() },
    { path: '/registries/spatial/addresses/imports', provider: DEMO_AGENCIES.planning, rows: demoAddressFeatures() },
    { path: '/registries/macro/indicators/imports', provider: DEMO_AGENCIES.statistics, rows: macro.indicators },
    { path: '/registries/macro/observations/imports', provider: DEMO_AGENCIES.statistics, rows: macro.observations },
  ];
  const summaries: ImportSummary[] = [];
  for (const { path, provider, rows } of imports) {
    const file = `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
    // Once more if it failed: an import left running by a gateway stopped mid-load is failed once
    // found silent, and the same file sent again then starts over.
    const { started, finished } = await importFile(client, path, provider.code, file).catch(() =>
      importFile(client, path, provider.code, file),
    );
    const summary = {
      path,
      id: String(started.body.id),
      rows: rows.length,
      created: Number(finished.rowsCreated),
      updated: Number(finished.rowsUpdated),
      unchanged: Number(finished.rowsUnchanged),
      rejected: Number(finished.rowsRejected),
    };
    log(
      `${path}: ${summary.rows} rows, ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected`,
    );
    summaries.push(summary);
  }
  return summaries;
}

async function importFile(
  client: DemoClient,
  path: string,
  principal: string,
  file: string,
): Promise<{ started: DemoResponse; finished: Record<string, unknown> }> {
  const started = await client.upload(path, principal, file, 'application/x-ndjson');
  expectStatus(started, [200, 202], `start the import ${path}`);
  const location = `${path}/${String(started.body.id)}`;
  for (;;) {
    const response = await client.call('GET', location, principal);
    expectStatus(response, [200], `follow the import ${location}`);
    if (response.body.state === 'failed') throw new Error(`the import ${location} failed: ${String(response.body.failure)}`);
    if (response.body.state === 'completed') return { started, finished: response.body };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
