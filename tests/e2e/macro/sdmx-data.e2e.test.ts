import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSeed } from '../../../seeds/macro/document-seed';
import { accessToken, bearer, createOperator } from '../../support/identity-fixtures';
import { installMacro, loadDocumentSeed, type InstalledMacro } from '../../support/macro-fixtures';
import { consumer } from '../../support/registry-fixtures';
import { officialSdmxJsonDataSchema } from '../../support/sdmx-json-schema';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();
const run = promisify(execFile);
const SDMX_JSON = 'application/vnd.sdmx.data+json;version=1.0.0';
const SDMX_CSV = 'application/vnd.sdmx.data+csv;version=1.0.0';
const validateSdmxJson = officialSdmxJsonDataSchema();

let macro: InstalledMacro;
let seed: DocumentSeed;
let reader: string;

beforeAll(async () => {
  const operator = await accessToken(gateway(), await createOperator(gateway()));
  macro = await installMacro(gateway(), operator);
  seed = await loadDocumentSeed(gateway(), macro);
  reader = (await consumer(gateway(), operator)).token;
  await gateway().app.listen(0, '127.0.0.1');
});

function data(path: string, accept = SDMX_JSON, token = reader) {
  return gateway().http().get(`/sdmx/rest/data/${path}`).set(bearer(token)).set('accept', accept);
}

/** Series keys of an SDMX-JSON time-series message, as FREQ.REF_AREA.INDICATOR.VALUE_TYPE codes. */
function seriesKeysOf(message: SdmxJson): string[] {
  const dimensions = message.data.structure.dimensions.series;
  return Object.keys(message.data.dataSets[0]?.series ?? {}).map((indices) =>
    indices
      .split(':')
      .map((index, position) => dimensions[position]?.values[Number(index)]?.id)
      .join('.'),
  );
}

interface SdmxJson {
  data: {
    structure: {
      dimensions: {
        series: Array<{ id: string; values: Array<{ id: string }> }>;
        observation: Array<{ id: string; values: Array<{ id: string }> }>;
      };
    };
    dataSets: Array<{
      series?: Record<string, { observations: Record<string, Array<number | null>> }>;
      observations?: Record<string, unknown>;
    }>;
  };
}

const seedSeries = (filter: (row: Record<string, unknown>) => boolean): string[] => [
  ...new Set(seed.observations.filter(filter).map((row) => [row.freq, row.ref_area, row.indicator, row.value_type].join('.'))),
];

describe('SDMX 2.1 data queries', () => {
  it('answers SDMX-JSON 1.0 that validates against the official schema, in every layout and detail', async () => {
    for (const query of [
      '',
      '?dimensionAtObservation=AllDimensions',
      '?dimensionAtObservation=REF_AREA',
      '?detail=dataonly',
      '?detail=serieskeysonly',
      '?detail=nodata',
    ]) {
      const response = await data(`HUTONG,DF_MACRO,1.0/A.440100..${query}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.headers['content-type']).toContain('application/vnd.sdmx.data+json');
      const message = JSON.parse(response.text) as unknown;
      expect(validateSdmxJson(message), `${query}: ${JSON.stringify(validateSdmxJson.errors)}`).toBe(true);
    }
  });

  it('selects series by wildcard and + (OR) exactly as the key says', async () => {
    const response = await data('DF_MACRO/A.440100+510100..TARGET');
    expect(response.status).toBe(200);
    const keys = seriesKeysOf(JSON.parse(response.text) as SdmxJson);
    const expected = seedSeries((row) => (row.ref_area === '440100' || row.ref_area === '510100') && row.value_type === 'TARGET');
    expect(keys.sort()).toEqual(expected.sort());
    expect(keys.length).toBeGreaterThan(10);

    const chengduActuals = seriesKeysOf(JSON.parse((await data('DF_MACRO/.510100..ACTUAL')).text) as SdmxJson);
    expect(chengduActuals.sort()).toEqual(seedSeries((row) => row.ref_area === '510100' && row.value_type === 'ACTUAL').sort());
  });

  it('returns the values the documents state, with comparator and status as attributes', async () => {
    const csv = await data('DF_MACRO/A.440100.IP_METRO_BANDWIDTH.TARGET', SDMX_CSV);
    expect(csv.status).toBe(200);
    const rows = parse<Record<string, string>>(csv.text, { columns: true });
    expect(rows).toEqual([
      expect.objectContaining({
        DATAFLOW: 'HUTONG:DF_MACRO(1.0)',
        FREQ: 'A',
        REF_AREA: '440100',
        INDICATOR: 'IP_METRO_BANDWIDTH',
        VALUE_TYPE: 'TARGET',
        TIME_PERIOD: '2005',
        OBS_VALUE: '800',
        COMPARATOR: 'GT',
        OBS_STATUS: 'T',
        UNIT_MEASURE: 'Gbit/s',
        UNIT_MULT: '0',
      }),
    ]);
  });

  it('lastNObservations=1 returns the latest period of each series, firstNObservations=1 the earliest', async () => {
    const indicator = 'INFO_COMPOSITE_INDEX';
    const periods = seed.observations
      .filter((row) => row.indicator === indicator && row.ref_area === '410100')
      .map((row) => String(row.time_period))
      .sort();
    expect(periods.length).toBeGreaterThan(1);
    const rowsOf = async (query: string) =>
      parse<Record<string, string>>((await data(`DF_MACRO/A.410100.${indicator}.TARGET?${query}`, SDMX_CSV)).text, {
        columns: true,
      });
    expect((await rowsOf('lastNObservations=1')).map((row) => row.TIME_PERIOD)).toEqual([periods.at(-1)]);
    expect((await rowsOf('firstNObservations=1')).map((row) => row.TIME_PERIOD)).toEqual([periods[0]]);
    expect((await rowsOf('firstNObservations=1&lastNObservations=1')).map((row) => row.TIME_PERIOD)).toEqual([
      periods[0],
      periods.at(-1),
    ]);
  });

  it('filters by startPeriod / endPeriod, overlapping periods included', async () => {
    const response = await data('DF_MACRO/A...?startPeriod=2009-07&endPeriod=2010', SDMX_CSV);
    const rows = parse<Record<string, string>>(response.text, { columns: true });
    expect(new Set(rows.map((row) => row.TIME_PERIOD))).toEqual(new Set(['2009', '2010']));
    expect(rows.length).toBe(seed.observations.filter((row) => row.time_period === '2009' || row.time_period === '2010').length);
  });

  it('keeps revisions as vintages: asOf returns the value before the revision', async () => {
    const target = seed.observations.find((row) => row.ref_area === '510100' && row.value_type === 'TARGET') ?? {};
    const series = ['A', '510100', String(target.indicator), 'TARGET'].join('.');
    const key = `${series}.${String(target.time_period)}`;
    const before = await gateway().http().get(`/registries/macro/observations/${key}`).set(bearer(reader));
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    const original = Number(before.body.record.obs_value);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const betweenVintages = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const revised = await gateway()
      .http()
      .put(`/registries/macro/observations/${key}`)
      .set(bearer(macro.statistics.token))
      .set('if-match', before.headers.etag as string)
      .send({ ...before.body.record, obs_value: String(original + 5), comment: 'revised by the 2016 mid-term review' });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);

    const valueOf = async (query: string) => {
      const response = await data(`DF_MACRO/${series}${query}`, SDMX_CSV);
      expect(response.status, response.text).toBe(200);
      const rows = parse<Record<string, string>>(response.text, { columns: true });
      return rows.find((row) => row.TIME_PERIOD === target.time_period)?.OBS_VALUE;
    };
    expect(await valueOf('')).toBe(String(original + 5));
    expect(await valueOf(`?asOf=${encodeURIComponent(betweenVintages)}`)).toBe(String(original));
    const plain = await gateway()
      .http()
      .get(
        `/registries/macro/series?indicator=${String(target.indicator)}&region=510100&asOf=${encodeURIComponent(betweenVintages)}`,
      )
      .set(bearer(reader));
    expect(plain.status, JSON.stringify(plain.body)).toBe(200);
    const plainSeries = (plain.body.series as Array<{ key: string; observations: Array<{ period: string }> }>).find(
      (one) => one.key === series,
    );
    const vintage = plainSeries?.observations.find((o) => o.period === target.time_period);
    expect(vintage).toMatchObject({ value: original, status: 'target', version: 1 });
  });

  it('serves SDMX-ML GenericData that rsdmx (R) reads from the URL', async () => {
    const port = (gateway().app.getHttpServer().address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}/sdmx/rest/data/HUTONG,DF_MACRO,1.0/A.442000..`;
    const script = [
      'library(rsdmx)',
      'args <- commandArgs(trailingOnly = TRUE)',
      'sdmx <- readSDMX(args[1], headers = list(Authorization = paste("Bearer", args[2])))',
      'df <- as.data.frame(sdmx)',
      'write.csv(df[, c("FREQ", "REF_AREA", "INDICATOR", "VALUE_TYPE", "obsTime", "obsValue", "COMPARATOR")], row.names = FALSE)',
    ].join('\n');
    const { stdout } = await run('Rscript', ['-e', script, url, reader], { timeout: 120_000 });
    const rows = parse<Record<string, string>>(stdout, { columns: true });
    const expected = seed.observations.filter((row) => row.ref_area === '442000');
    expect(rows.length).toBe(expected.length);
    for (const row of expected) {
      expect(rows).toContainEqual(
        expect.objectContaining({
          REF_AREA: '442000',
          INDICATOR: row.indicator,
          VALUE_TYPE: row.value_type,
          obsTime: row.time_period,
          obsValue: String(Number(row.obs_value)),
        }),
      );
    }
  });
});
