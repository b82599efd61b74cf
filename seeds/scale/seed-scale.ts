import { existsSync } from 'node:fs';
import { DEMO_AGENCIES, type DemoAgency } from '../demo/demo-city';
import type { DemoClient, DemoResponse } from '../demo/demo-client';
import { ndjsonStream } from './ndjson-stream';
import { MAX_ADDRESSES, ScaleAddresses } from './scale-addresses';
import { MAX_LEGAL_PERSONS, ScaleLegalPersons } from './scale-legal-persons';
import { ScalePersons } from './scale-persons';
import { MAX_SEED } from './scale-random';

/**
 * Rows per import. An import takes up to 4 GiB and is spooled to disk whole before it runs, and the
 * gateway gives a request 60 s to arrive: 200 000 rows is 40–70 MB of NDJSON (a few seconds to make
 * and send), an import of well under a minute to follow, and a progress step of 1 % of a 20-million
 * run. A failure costs one chunk; sending it again is the same import.
 */
export const DEFAULT_CHUNK_ROWS = 200_000;
export const MAX_CHUNK_ROWS = 2_000_000;
export const DEFAULT_SEED = 1;

export type ScaleKind = 'persons' | 'legal-persons' | 'addresses';

export interface ScaleCounts {
  readonly persons: number;
  readonly legalPersons: number;
  readonly addresses: number;
}

export interface ScaleProgress {
  readonly kind: ScaleKind;
  /** Rows of this kind the gateway has read so far (finished chunks, and the running import's progress). */
  readonly rowsDone: number;
  readonly rowsTotal: number;
  readonly chunk: number;
  readonly chunks: number;
}

export interface ScaleSeedOptions {
  readonly client: DemoClient;
  readonly counts: ScaleCounts;
  readonly seed: number;
  readonly chunkRows: number;
  readonly onProgress?: (progress: ScaleProgress) => void;
  /** How often a running import is asked for its progress. */
  readonly pollMs?: number;
}

export interface ScaleKindSummary {
  readonly kind: ScaleKind;
  readonly path: string;
  readonly rows: number;
  readonly chunks: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** Chunks this gateway had already imported (the same bytes): they changed nothing this time. */
  readonly alreadyImported: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  /** The imports, one per chunk, in order (`GET {path}/{id}` as the provider). */
  readonly imports: readonly string[];
}

export interface ScaleSeedSummary {
  readonly seed: number;
  readonly chunkRows: number;
  readonly kinds: readonly ScaleKindSummary[];
  readonly seconds: number;
}

/** Something the user must fix before scale data can load (the demo city missing, bad arguments): one line. */
export class ScaleSeedError extends Error {
  override readonly name = 'ScaleSeedError';
}

interface KindPlan {
  readonly kind: ScaleKind;
  readonly path: string;
  readonly provider: DemoAgency;
  readonly rows: number;
  readonly rowAt: (index: number) => unknown;
}

/** Checks the counts, seed and chunk size, and says what is wrong in a sentence. */
export function checkScaleOptions(counts: ScaleCounts, seed: number, chunkRows: number): void {
  const limits: Array<[string, number, number]> = [
    ['--persons', counts.persons, ScalePersons.capacity()],
    ['--legal-persons', counts.legalPersons, MAX_LEGAL_PERSONS],
    ['--addresses', counts.addresses, MAX_ADDRESSES],
    ['--seed', seed, MAX_SEED],
  ];
  for (const [option, value, max] of limits) {
    if (!Number.isSafeInteger(value) || value < 0 || value > max)
      throw new ScaleSeedError(`${option} must be an integer from 0 to ${max}`);
  }
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 1 || chunkRows > MAX_CHUNK_ROWS) {
    throw new ScaleSeedError(`--chunk-rows must be an integer from 1 to ${MAX_CHUNK_ROWS}`);
  }
  if (counts.persons + counts.legalPersons + counts.addresses === 0) {
    throw new ScaleSeedError('nothing to load: give --persons, --legal-persons and/or --addresses');
  }
}

/** What each kind sends where, as whom; the generators are built once (legal representatives are among the persons). */
function plansOf(counts: ScaleCounts, seed: number): KindPlan[] {
  const persons = new ScalePersons(counts.persons, seed);
  const plans: KindPlan[] = [];
  if (counts.persons > 0) {
    plans.push({
      kind: 'persons',
      path: '/registries/population/imports',
      provider: DEMO_AGENCIES.police,
      rows: counts.persons,
      rowAt: (index) => persons.row(index),
    });
  }
  if (counts.legalPersons > 0) {
    // Representatives are this run's persons; with none, persons of the same seed that this run does not load.
    const representatives = counts.persons > 0 ? persons : new ScalePersons(counts.legalPersons, seed);
    const legalPersons = new ScaleLegalPersons(counts.legalPersons, seed, representatives);
    plans.push({
      kind: 'legal-persons',
      path: '/registries/legal-persons/imports',
      provider: DEMO_AGENCIES.market,
      rows: counts.legalPersons,
      rowAt: (index) => legalPersons.row(index),
    });
  }
  if (counts.addresses > 0) {
    const addresses = new ScaleAddresses(counts.addresses, seed);
    plans.push({
      kind: 'addresses',
      path: '/registries/spatial/addresses/imports',
      provider: DEMO_AGENCIES.planning,
      rows: counts.addresses,
      rowAt: (index) => addresses.feature(index),
    });
  }
  return plans;
}

/**
 * Loads scale data through the gateway's bulk imports, as the demo city's providers (市公安局,
 * 市市场监督管理局, 市规划和自然资源局, with their keys from `hutong seed demo`): each kind is cut
 * into chunks, each chunk's NDJSON is made while it is streamed to the import route, and the import
 * is followed to completion before the next chunk goes. The same arguments give the same bytes, so a
 * chunk sent again is the earlier import (HTTP 200) and running this again changes nothing. Stops
 * at the first failed import or rejected row.
 */
export async function seedScale(options: ScaleSeedOptions): Promise<ScaleSeedSummary> {
  const { client, counts, seed, chunkRows } = options;
  checkScaleOptions(counts, seed, chunkRows);
  const plans = plansOf(counts, seed);
  for (const plan of plans) {
    const keyFile = client.keyFile(plan.provider.code);
    if (!existsSync(keyFile)) {
      throw new ScaleSeedError(
        `the demo city is not loaded (no key ${keyFile} for ${plan.provider.name}): run \`npx hutong seed demo\` first`,
      );
    }
  }
  const started = performance.now();
  const kinds: ScaleKindSummary[] = [];
  for (const plan of plans) kinds.push(await loadKind(client, plan, options));
  return { seed, chunkRows, kinds, seconds: secondsSince(started) };
}

async function loadKind(client: DemoClient, plan: KindPlan, options: ScaleSeedOptions): Promise<ScaleKindSummary> {
  const chunks = Math.ceil(plan.rows / options.chunkRows);
  const totals = { created: 0, updated: 0, unchanged: 0, rejected: 0, alreadyImported: 0 };
  const imports: string[] = [];
  const started = performance.now();
  const report = (chunk: number, rowsDone: number) =>
    options.onProgress?.({ kind: plan.kind, rowsDone, rowsTotal: plan.rows, chunk: chunk + 1, chunks });
  report(0, 0);
  for (let chunk = 0; chunk < chunks; chunk += 1) {
    const start = chunk * options.chunkRows;
    const end = Math.min(plan.rows, start + options.chunkRows);
    const where = `${plan.kind} chunk ${chunk + 1}/${chunks} (rows ${start}–${end - 1})`;
    let response: DemoResponse;
    try {
      response = await client.upload(plan.path, plan.provider.code, ndjsonStream(start, end, plan.rowAt), 'application/x-ndjson');
    } catch (error) {
      throw new Error(`could not send ${where} to ${client.baseUrl}: ${messageOf(error)}`);
    }
    if (response.status !== 200 && response.status !== 202) {
      const hint = response.status === 404 ? ' (is the registry installed? run `npx hutong seed demo` first)' : '';
      throw new Error(`could not start the import of ${where}: ${response.status} ${detailOf(response)}${hint}`);
    }
    const id = String(response.body.id);
    const location = `${plan.path}/${id}`;
    imports.push(id);
    const finished = await follow(client, location, plan.provider.code, options.pollMs ?? 500, (rowsRead) =>
      report(chunk, start + Math.min(rowsRead, end - start)),
    );
    const rows = end - start;
    const rejected = Number(finished.rowsRejected);
    if (Number(finished.rowsRead) !== rows) {
      throw new Error(`the import ${location} of ${where} read ${String(finished.rowsRead)} rows, not ${rows}`);
    }
    if (rejected > 0)
      throw new Error(
        `${where}: ${rejected} rows rejected by ${location} — ${await firstErrors(client, location, plan.provider.code)}`,
      );
    if (response.status === 200) {
      // The same bytes were imported before: that earlier import's counts are not this run's.
      totals.alreadyImported += 1;
      totals.unchanged += rows;
    } else {
      totals.created += Number(finished.rowsCreated);
      totals.updated += Number(finished.rowsUpdated);
      totals.unchanged += Number(finished.rowsUnchanged);
    }
    report(chunk, end);
  }
  const seconds = secondsSince(started);
  return {
    kind: plan.kind,
    path: plan.path,
    rows: plan.rows,
    chunks,
    ...totals,
    seconds,
    rowsPerSecond: seconds > 0 ? Math.round(plan.rows / seconds) : plan.rows,
    imports,
  };
}

/** Polls an import until it completes; a failed one is an error. */
async function follow(
  client: DemoClient,
  location: string,
  principal: string,
  pollMs: number,
  onRowsRead: (rowsRead: number) => void,
): Promise<Record<string, unknown>> {
  for (;;) {
    const response = await client.call('GET', location, principal);
    if (response.status !== 200)
      throw new Error(`could not follow the import ${location}: ${response.status} ${detailOf(response)}`);
    onRowsRead(Number(response.body.rowsRead ?? 0));
    if (response.body.state === 'failed') throw new Error(`the import ${location} failed: ${String(response.body.failure)}`);
    if (response.body.state === 'completed') return response.body;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** The first few row errors of an import, for the one-line message. */
async function firstErrors(client: DemoClient, location: string, principal: string): Promise<string> {
  const response = await client.call('GET', `${location}/errors?limit=3`, principal);
  const errors = Array.isArray(response.body.errors) ? (response.body.errors as Array<Record<string, unknown>>) : [];
  if (errors.length === 0) return `see ${location}/errors`;
  return errors.map((error) => `line ${String(error.line)} ${String(error.field)}: ${String(error.message)}`).join('; ');
}

function detailOf(response: DemoResponse): string {
  return typeof response.body.detail === 'string' ? response.body.detail : JSON.stringify(response.body).slice(0, 300);
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function secondsSince(started: number): number {
  return Math.round((performance.now() - started) / 100) / 10;
}
