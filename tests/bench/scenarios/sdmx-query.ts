import { childDivisions } from '@hutong/gb-codes';
import type { Scenario } from '../scenario';
import { benchAgency, call } from './bench-agency';
import { benchOperatorToken } from './bench-operator';
import { freshDatabaseFixture, importStream, ndjsonFile, type ImportRun } from './registry-bench';

const SERIES = Number(process.env.BENCH_SERIES ?? 10_000);
const YEARS = Number(process.env.BENCH_YEARS ?? 20);
const FIRST_YEAR = 2001;
/** Twenty districts of Guangzhou and Chengdu: every series is an indicator × one of them. */
const REGIONS = [...childDivisions('440100'), ...childDivisions('510100')].map((division) => division.code).slice(0, 20);
const INDICATORS = Math.ceil(SERIES / REGIONS.length);
let loaded: ImportRun | undefined;

const indicatorCode = (index: number): string => `BENCH_IND_${String(index).padStart(5, '0')}`;

function indicatorRow(index: number): Record<string, unknown> {
  return {
    indicator_code: indicatorCode(index),
    name_zh: `基准指标${index}`,
    name_en: `Benchmark indicator ${index}`,
    unit: 'CNY',
    unit_multiplier: 4,
    frequency: 'A',
    source_agency: '市统计局',
    topic: 'ECONOMY',
  };
}

/** Observation `index`: series index / YEARS, year index % YEARS; values drift deterministically. */
function observationRow(index: number): Record<string, unknown> {
  const series = Math.floor(index / YEARS);
  const year = FIRST_YEAR + (index % YEARS);
  return {
    freq: 'A',
    ref_area: REGIONS[series % REGIONS.length],
    indicator: indicatorCode(Math.floor(series / REGIONS.length)),
    value_type: 'ACTUAL',
    time_period: String(year),
    obs_value: ((series * 7919 + year * 104_729) % 1_000_000) / 100,
  };
}

function randomSeriesPath(): string {
  const series = Math.floor(Math.random() * SERIES);
  const region = REGIONS[series % REGIONS.length] ?? '';
  return `/sdmx/rest/data/HUTONG,DF_MACRO,1.0/A.${region}.${indicatorCode(Math.floor(series / REGIONS.length))}.ACTUAL`;
}

/**
 * SDMX 2.1 data queries for one random series (20 annual observations) out of SERIES series ×
 * YEARS years loaded through the observation import, answered as SDMX-JSON 1.0 to a consumer:
 * guard, entitlement check, the expression-indexed series query, the indicator join, rendering and
 * an audit entry per request. Target ≥ 1 000 requests/s, p99 < 50 ms on 2 cores.
 */
export const sdmxQuery: Scenario = {
  name: 'sdmx-query',
  description: `GET /sdmx/rest/data/DF_MACRO/{one random series} over ${SERIES} series × ${YEARS} years (PostgreSQL)`,
  setUp: freshDatabaseFixture,
  async prepare({ gateway }) {
    const operatorToken = await benchOperatorToken(gateway);
    const statistics = await benchAgency(gateway, operatorToken, { roles: ['provider', 'consumer'], divisionCode: '440100' });
    for (const registry of ['macro-indicators', 'macro-observations']) {
      await call(gateway, operatorToken, 'POST', `/admin/registries/${registry}`, 201, { providerCode: statistics.code });
    }
    await importStream(
      gateway,
      statistics,
      '/registries/macro/indicators/imports',
      'application/x-ndjson',
      ndjsonFile(0, INDICATORS, indicatorRow),
      INDICATORS,
    );
    loaded = await importStream(
      gateway,
      statistics,
      '/registries/macro/observations/imports',
      'application/x-ndjson',
      ndjsonFile(0, SERIES * YEARS, observationRow),
      SERIES * YEARS,
    );
    const reader = await benchAgency(gateway, operatorToken, { roles: ['consumer'], divisionCode: '440100' });
    const headers = { authorization: `Bearer ${await reader.renew()}`, accept: 'application/vnd.sdmx.data+json;version=1.0.0' };
    return {
      label: 'GET /sdmx/rest/data/HUTONG,DF_MACRO,1.0/A.{district}.{indicator}.ACTUAL as SDMX-JSON (consumer, audited)',
      path: randomSeriesPath(),
      headers,
      requests: [{ method: 'GET', headers, setupRequest: (request) => ({ ...request, path: randomSeriesPath() }) }],
    };
  },
  report() {
    return Promise.resolve({ sdmxQuery: { series: SERIES, years: YEARS, regions: REGIONS.length, loadedBy: loaded } });
  },
};
