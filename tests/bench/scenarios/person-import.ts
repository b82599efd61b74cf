import type { Scenario } from '../scenario';
import { benchOperatorToken } from './bench-operator';
import { freshDatabaseFixture, importPersons, installPopulation, type ImportRun } from './registry-bench';

const SMALL = Number(process.env.BENCH_IMPORT_SMALL ?? 100_000);
const LARGE = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const TARGET_ROWS_PER_SECOND = 50_000;

let runs: { small: ImportRun; large: ImportRun } | undefined;
let importLocation = '';
let providerToken = '';

/**
 * Bulk import of generated persons (valid IDs) through POST /registries/population/imports, on a
 * database of its own: first SMALL rows, then LARGE rows, each timed from the first byte sent to
 * the import's completion. Peak RSS of the gateway after each shows whether memory grows with the
 * file (it must not: the upload is spooled to disk and read back as a stream). The HTTP load is
 * GET of the finished import (audited), against the baseline route.
 */
export const personImport: Scenario = {
  name: 'person-import',
  description: `bulk import of ${SMALL} then ${LARGE} persons (NDJSON, streamed); rows/s and gateway peak RSS (PostgreSQL)`,
  setUp: freshDatabaseFixture,
  async prepare({ gateway }) {
    const operatorToken = await benchOperatorToken(gateway);
    const { provider } = await installPopulation(gateway, operatorToken);
    providerToken = provider.token;
    const small = await importPersons(gateway, provider, 0, SMALL);
    const large = await importPersons(gateway, provider, SMALL, LARGE);
    runs = { small, large };
    const listed = await fetch(`${gateway.url}/registries`, { headers: { authorization: `Bearer ${provider.token}` } });
    if (listed.status !== 200) throw new Error(`GET /registries: ${listed.status}`);
    importLocation = '/registries';
    return {
      label: 'GET /registries (agency, audited)',
      path: importLocation,
      headers: { authorization: `Bearer ${providerToken}` },
    };
  },
  report() {
    if (!runs) throw new Error('prepare() did not run');
    return Promise.resolve({
      personImport: {
        ...runs,
        targetRowsPerSecond: TARGET_ROWS_PER_SECOND,
        ratioToTarget: Math.round((runs.large.rowsPerSecond / TARGET_ROWS_PER_SECOND) * 100) / 100,
        rssGrowthMiB: runs.large.gatewayPeakRssMiB - runs.small.gatewayPeakRssMiB,
      },
    });
  },
};
