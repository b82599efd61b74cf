import { Readable } from 'node:stream';
import { Client } from 'pg';
import type { RunningGateway } from '../gateway-process';
import type { ScenarioFixture } from '../scenario';
import { citizenIdOf, personRow } from '../../support/registry-records';
import { benchAgency, call, type BenchAgency } from './bench-agency';

/**
 * A database of its own for a registry benchmark, created from DATABASE_URL and dropped after:
 * the population registry is installed once per database, and a benchmark must not leave a
 * million persons in the developer's database.
 */
export async function freshDatabaseFixture(): Promise<ScenarioFixture> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('registry benchmarks measure PostgreSQL: set DATABASE_URL');
  const name = `hutong_bench_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    gatewayEnv: { DATABASE_URL: target.toString() },
    async tearDown() {
      const dropper = new Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

export interface PopulationSetup {
  readonly provider: BenchAgency;
  readonly resourceCode: string;
}

/** Installs the population registry with a fresh provider agency. */
export async function installPopulation(gateway: RunningGateway, operatorToken: string): Promise<PopulationSetup> {
  const provider = await benchAgency(gateway, operatorToken, { roles: ['provider', 'consumer'], divisionCode: '440100' });
  const binding = await call<{ resourceCode: string }>(gateway, operatorToken, 'POST', '/admin/registries/population', 201, {
    providerCode: provider.code,
  });
  return { provider, resourceCode: binding.resourceCode };
}

/** NDJSON of persons `from` … `from + count - 1`, generated as it is sent: the file never exists whole. */
export function personsFile(from: number, count: number): Readable {
  return ndjsonFile(from, count, personRow);
}

/** NDJSON of `row(from)` … `row(from + count - 1)`, generated as it is sent. */
export function ndjsonFile(from: number, count: number, row: (index: number) => unknown): Readable {
  let index = from;
  const end = from + count;
  return new Readable({
    read() {
      const lines: string[] = [];
      for (let n = 0; n < 2_000 && index < end; n += 1, index += 1) lines.push(JSON.stringify(row(index)));
      this.push(lines.length > 0 ? `${lines.join('\n')}\n` : null);
    },
  });
}

export interface ImportRun {
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly uploadSeconds: number;
  readonly state: string;
  readonly rowsCreated: number;
  readonly rowsRejected: number;
  readonly gatewayPeakRssMiB: number;
}

/** Streams `count` persons into the import endpoint and waits for the import to finish. */
export function importPersons(gateway: RunningGateway, uploader: BenchAgency, from: number, count: number): Promise<ImportRun> {
  return importStream(
    gateway,
    uploader,
    '/registries/population/imports',
    'application/x-ndjson',
    personsFile(from, count),
    count,
  );
}

/** Streams a file of `count` rows into an import endpoint and waits for the import to finish. */
export async function importStream(
  gateway: RunningGateway,
  uploader: BenchAgency,
  path: string,
  contentType: string,
  file: Readable,
  count: number,
): Promise<ImportRun> {
  const started = performance.now();
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${uploader.token}`, 'content-type': contentType },
    body: Readable.toWeb(file) as ReadableStream,
    duplex: 'half',
  });
  if (response.status !== 202) throw new Error(`import: ${response.status} ${await response.text()}`);
  const uploadSeconds = (performance.now() - started) / 1000;
  const location = response.headers.get('location') ?? '';
  let [token, tokenAt] = [uploader.token, performance.now()];
  for (;;) {
    // A token is short-lived and a million-row import is not: poll with a fresh one each minute.
    if (performance.now() - tokenAt > 60_000) [token, tokenAt] = [await uploader.renew(), performance.now()];
    const entry = await call<{ state: string; rowsCreated: number; rowsRejected: number }>(gateway, token, 'GET', location, 200);
    if (entry.state === 'completed' || entry.state === 'failed') {
      const seconds = (performance.now() - started) / 1000;
      return {
        rows: count,
        seconds: Math.round(seconds * 10) / 10,
        rowsPerSecond: Math.round(count / seconds),
        uploadSeconds: Math.round(uploadSeconds * 10) / 10,
        state: entry.state,
        rowsCreated: entry.rowsCreated,
        rowsRejected: entry.rowsRejected,
        gatewayPeakRssMiB: await gateway.peakRssMiB(),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The path of a lookup of a random one of the first `count` persons. */
export function randomPersonPath(count: number): string {
  return `/registries/population/persons/${citizenIdOf(Math.floor(Math.random() * count))}`;
}
