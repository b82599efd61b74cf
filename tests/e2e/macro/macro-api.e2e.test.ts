import { parse } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { DataSource } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSeed } from '../../../seeds/macro/document-seed';
import { accessToken, bearer, createOperator, createReviewer } from '../../support/identity-fixtures';
import { importMacro, installMacro, loadDocumentSeed, type InstalledMacro } from '../../support/macro-fixtures';
import { consumer } from '../../support/registry-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();
const SDMX_JSON = 'application/vnd.sdmx.data+json;version=1.0.0';
const SDMX_CSV = 'application/vnd.sdmx.data+csv;version=1.0.0';

let operator: string;
let macro: InstalledMacro;
let seed: DocumentSeed;
let reader: string;

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  macro = await installMacro(gateway(), operator);
  seed = await loadDocumentSeed(gateway(), macro);
  reader = (await consumer(gateway(), operator)).token;
});

const get = (path: string, accept = SDMX_JSON, token: string | null = reader) => {
  const request = gateway().http().get(path).set('accept', accept);
  return token === null ? request : request.set(bearer(token));
};
const csvRows = (text: string) => parse<Record<string, string>>(text, { columns: true });

async function eventsOf(
  type: string,
): Promise<Array<{ subject: string; data: { record: Record<string, unknown>; version: number } }>> {
  return gateway().app.get(DataSource).query(`SELECT subject, data FROM event_log WHERE type = $1 ORDER BY seq`, [type]);
}

describe('SDMX structure queries', () => {
  it('lists the dataflow and, with references=all, its DSD, concepts and codelists (SDMX-ML 2.1)', async () => {
    const response = await get(
      '/sdmx/rest/dataflow/HUTONG/DF_MACRO/latest?references=all',
      'application/vnd.sdmx.structure+xml;version=2.1',
    );
    expect(response.status, response.text).toBe(200);
    expect(response.headers['content-type']).toContain('application/vnd.sdmx.structure+xml');
    const xml = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true }).parse(response.text) as {
      Structure: { Structures: Record<string, Record<string, unknown>> };
    };
    const structures = xml.Structure.Structures;
    expect(Object.keys(structures).sort()).toEqual(['Codelists', 'Concepts', 'DataStructures', 'Dataflows']);
    expect(response.text).toContain('id="DSD_MACRO"');
    expect(response.text).toContain('id="CL_INDICATOR"');
  });

  it('serves CL_INDICATOR with every indicator the registry holds, in SDMX-JSON', async () => {
    const response = await get('/sdmx/rest/codelist/HUTONG/CL_INDICATOR', 'application/vnd.sdmx.structure+json;version=1.0.0');
    expect(response.status, response.text).toBe(200);
    const body = JSON.parse(response.text) as { data: { codelists: Array<{ id: string; codes: Array<{ id: string }> }> } };
    expect(body.data.codelists.map((list) => list.id)).toEqual(['CL_INDICATOR']);
    expect(body.data.codelists[0]?.codes.map((code) => code.id).sort()).toEqual(
      seed.indicators.map((row) => row.indicator_code).sort(),
    );
  });

  it('answers the SDMX status codes: 404 for no such artefact, 501 for resources not served, 400 for nonsense', async () => {
    const missing = await get('/sdmx/rest/codelist/HUTONG/CL_NOPE', 'application/xml');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: '/problems/sdmx-no-results', sdmxCode: 100 });
    expect((await get('/sdmx/rest/categoryscheme', 'application/xml')).status).toBe(501);
    const nonsense = await get('/sdmx/rest/dataflows', 'application/xml');
    expect(nonsense.status).toBe(400);
    expect(nonsense.body).toMatchObject({ sdmxCode: 140, errors: [expect.objectContaining({ field: 'resource' })] });
  });
});

describe('SDMX data query errors', () => {
  it.each([
    ['/sdmx/rest/data/OTHER,DF_MACRO,1.0/all', 404, 100],
    ['/sdmx/rest/data/DF_NOPE', 404, 100],
    ['/sdmx/rest/data/DF_MACRO/A.440100..ACTUAL/HUTONG,SOMEONE_ELSE', 404, 100],
    ['/sdmx/rest/data/DF_MACRO/A.440100.ACTUAL', 400, 140],
    ['/sdmx/rest/data/DF_MACRO/A.440100..ACTUAL?includeHistory=true', 501, 501],
    ['/sdmx/rest/data/DF_MACRO/A.440100..ACTUAL?startPeriod=2015&endPeriod=2010', 400, 150],
    ['/sdmx/rest/data/DF_MACRO/A.440100..ACTUAL?lastNObservations=0', 400, 140],
    ['/sdmx/rest/data/DF_MACRO/A.440100..ACTUAL?detail=everything', 400, 140],
    ['/sdmx/rest/data/DF_MACRO/A.440100..ACTUAL?format=csv', 400, 140],
    ['/sdmx/rest/data/DF_MACRO/A.440100..ACTUAL?dimensionAtObservation=NOPE', 400, 140],
    ['/sdmx/rest/data/DF_MACRO/M.440100..ACTUAL', 404, 100],
  ])('%s → %i (SDMX error %i), as problem+json', async (path, status, sdmxCode) => {
    const response = await get(path);
    expect(response.status, response.text).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, sdmxCode });
  });

  it('406 for formats and versions not served, and GenericData when the client takes anything', async () => {
    const path = '/sdmx/rest/data/DF_MACRO/A.440100..TARGET';
    expect((await get(path, 'application/vnd.sdmx.structurespecificdata+xml;version=2.1')).status).toBe(406);
    expect((await get(path, 'application/vnd.sdmx.data+json;version=2.0.0')).status).toBe(406);
    const any = await get(path, '*/*');
    expect(any.status).toBe(200);
    expect(any.headers['content-type']).toContain('application/vnd.sdmx.genericdata+xml');
    expect((await get(path, 'application/vnd.sdmx.data+json;version=2.0.0, text/csv;q=0.5')).headers['content-type']).toContain(
      'application/vnd.sdmx.data+csv',
    );
  });

  it('records each SDMX read with the series it returned, so a reviewer finds who read a series', async () => {
    const reviewer = await accessToken(gateway(), await createReviewer(gateway(), operator));
    const response = await get('/sdmx/rest/data/DF_MACRO/A.510100.ECOMMERCE_VOLUME.', SDMX_CSV);
    expect(response.status).toBe(200);
    for (const series of ['A.510100.ECOMMERCE_VOLUME.ACTUAL', 'A.510100.ECOMMERCE_VOLUME.TARGET']) {
      const found = await gateway()
        .http()
        .get('/audit/entries')
        .query({ subject: series, subjectKind: 'record', limit: '100' })
        .set(bearer(reviewer));
      expect(found.status).toBe(200);
      const reads = (found.body.items as Array<{ route: string; recordCount?: number }>).filter(
        (entry) => entry.route === '/sdmx/rest/data/:flowRef/:key',
      );
      expect(reads.length, series).toBeGreaterThan(0);
    }
  });

  it('needs a token with data.read, like every registry read', async () => {
    expect((await get('/sdmx/rest/data/DF_MACRO/all', SDMX_JSON, null)).status).toBe(401);
    expect((await get('/sdmx/rest/dataflow', 'application/xml', null)).status).toBe(401);
    expect((await get('/sdmx/rest/data/DF_MACRO/all', SDMX_JSON, operator)).status).toBe(403);
  });
});

describe('the plain JSON API', () => {
  it('lists indicators with unit and multiplier, filtered by topic', async () => {
    const response = await get('/registries/macro/indicators?topic=ECOMMERCE', 'application/json');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const codes = (response.body.items as Array<{ indicator_code: string; topic: string }>).map((item) => item.indicator_code);
    expect(codes).toContain('ECOMMERCE_VOLUME');
    expect(new Set((response.body.items as Array<{ topic: string }>).map((item) => item.topic))).toEqual(new Set(['ECOMMERCE']));
    expect(
      response.body.items.find((item: { indicator_code: string }) => item.indicator_code === 'ECOMMERCE_VOLUME'),
    ).toMatchObject({
      unit: 'CNY',
      unit_multiplier: 8,
    });
  });

  it('keeps a plan target and the value reached apart, each with its comparator and status', async () => {
    const response = await get(
      '/registries/macro/series?indicator=ECOMMERCE_VOLUME&region=510100&from=2005&to=2020',
      'application/json',
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const byKey = Object.fromEntries((response.body.series as Array<{ key: string }>).map((series) => [series.key, series]));
    expect(byKey['A.510100.ECOMMERCE_VOLUME.ACTUAL']).toMatchObject({
      region: { code: '510100', name: '成都市' },
      observations: [{ period: '2010', value: 1000, comparator: '~', status: 'actual' }],
    });
    expect(byKey['A.510100.ECOMMERCE_VOLUME.TARGET']).toMatchObject({
      indicator: { unit: 'CNY', unit_multiplier: 8 },
      observations: [
        {
          period: '2015',
          value: 6000,
          comparator: '=',
          status: 'target',
          sourceRef: expect.stringContaining('成府发〔2012〕31号'),
        },
      ],
    });
  });

  it('refuses a series query without an indicator, naming the field', async () => {
    const response = await get('/registries/macro/series?region=510100', 'application/json');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'indicator' })]));
  });
});

describe('provider writes', () => {
  const header = 'DATAFLOW,FREQ,REF_AREA,INDICATOR,VALUE_TYPE,TIME_PERIOD,OBS_VALUE,OBS_STATUS,COMPARATOR,UNIT_MEASURE,UNIT_MULT';
  const sdmxCsv = [
    header,
    'HUTONG:DF_MACRO(1.0),A,442000,INTERNET_USERS,ACTUAL,2006,51.5,provisional,=,accounts,4',
    'HUTONG:DF_MACRO(1.0),Q,442000,INTERNET_USERS,ACTUAL,2006-Q3,12.25,estimated,>=,accounts,4',
    'HUTONG:DF_MACRO(1.0),A,442000,NO_SUCH_INDICATOR,ACTUAL,2006,1,actual,=,,',
    'OTHER:DF_X(1.0),A,442000,INTERNET_USERS,ACTUAL,2007,1,actual,=,,',
    'HUTONG:DF_MACRO(1.0),A,442000,INTERNET_USERS,ACTUAL,2006-Q1,1,actual,=,,',
    'HUTONG:DF_MACRO(1.0),A,442000,INTERNET_USERS,ACTUAL,2008,1,target,=,,',
  ].join('\r\n');

  it('imports SDMX-CSV through the kit: good rows published, each bad row refused with its field and rule', async () => {
    const done = await importMacro(gateway(), macro.statistics.token, 'observations', SDMX_CSV, sdmxCsv);
    expect(done).toMatchObject({ state: 'completed', rowsRead: 6, rowsCreated: 2, rowsRejected: 4 });
    const errors = await gateway()
      .http()
      .get(`/registries/macro/observations/imports/${String(done.id)}/errors`)
      .set(bearer(macro.statistics.token))
      .set('accept', 'text/csv');
    expect(errors.status).toBe(200);
    const rules = csvRows(errors.text).map((row) => `${row.line}:${row.field}:${row.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^4:indicator:unknown_reference$/),
        expect.stringMatching(/^5:DATAFLOW:constant$/),
        expect.stringMatching(/^6:observation_key:time_period$/),
        expect.stringMatching(/^7:obs_status:value_type$/),
      ]),
    );
    const quarterly = csvRows((await get('/sdmx/rest/data/DF_MACRO/Q.442000.INTERNET_USERS.ACTUAL', SDMX_CSV)).text);
    expect(quarterly).toEqual([
      expect.objectContaining({ TIME_PERIOD: '2006-Q3', OBS_VALUE: '12.25', OBS_STATUS: 'E', COMPARATOR: 'GE' }),
    ]);

    // The same file again is the same import (idempotent): nothing is written twice.
    const again = await importMacro(gateway(), macro.statistics.token, 'observations', SDMX_CSV, sdmxCsv);
    expect(again.id).toBe(done.id);
    const stored = await get('/registries/macro/observations/Q.442000.INTERNET_USERS.ACTUAL.2006-Q3', 'application/json');
    expect(stored.body).toMatchObject({ version: 1, record: { obs_status: 'estimated', comparator: '>=' } });
  });

  it('re-imports its own SDMX-CSV export unchanged (round trip)', async () => {
    const exported = await get('/sdmx/rest/data/DF_MACRO/A.442000..', SDMX_CSV);
    expect(exported.status).toBe(200);
    const done = await importMacro(gateway(), macro.statistics.token, 'observations', SDMX_CSV, exported.text);
    expect(done).toMatchObject({ state: 'completed', rowsRejected: 0, rowsCreated: 0, rowsUpdated: 0 });
    expect(done.rowsUnchanged).toBe(csvRows(exported.text).length);
  });

  it("updates only what a file carries: a file of values keeps each observation's comparator, source and quote", async () => {
    const target = seed.observations.find((row) => row.comparator === '>' && row.ref_area === '440100') ?? {};
    const key = ['A', target.ref_area, target.indicator, target.value_type, target.time_period].join('.');
    const file = [
      'DATAFLOW,FREQ,REF_AREA,INDICATOR,VALUE_TYPE,TIME_PERIOD,OBS_VALUE',
      `HUTONG:DF_MACRO(1.0),A,${String(target.ref_area)},${String(target.indicator)},${String(target.value_type)},${String(target.time_period)},4242`,
    ].join('\n');
    const done = await importMacro(gateway(), macro.statistics.token, 'observations', SDMX_CSV, file);
    expect(done).toMatchObject({ rowsUpdated: 1, rowsRejected: 0 });
    const stored = await get(`/registries/macro/observations/${key}`, 'application/json');
    expect(stored.body).toMatchObject({
      version: 2,
      record: { obs_value: '4242', comparator: '>', source_quote: target.source_quote, source_ref: target.source_ref },
    });
  });

  it('serves a past vintage with its indicator as it stood then (a restated multiplier does not rescale old values)', async () => {
    const series = 'A.440100.FIBRE_CABLE_LAID.TARGET';
    const indicator = await get('/registries/macro/indicators/FIBRE_CABLE_LAID', 'application/json');
    expect(indicator.body.record).toMatchObject({ unit_multiplier: 4 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const restated = await gateway()
      .http()
      .put('/registries/macro/indicators/FIBRE_CABLE_LAID')
      .set(bearer(macro.statistics.token))
      .set('if-match', String(indicator.headers.etag))
      .send({ ...indicator.body.record, unit: 'fibre-core km (thousands)', unit_multiplier: 3 });
    expect(restated.status, JSON.stringify(restated.body)).toBe(200);
    const unitOf = async (query: string) =>
      csvRows((await get(`/sdmx/rest/data/DF_MACRO/${series}${query}`, SDMX_CSV)).text).map((row) => [
        row.UNIT_MEASURE,
        row.UNIT_MULT,
      ]);
    expect(await unitOf('')).toEqual([['fibre-core km (thousands)', '3']]);
    expect(await unitOf(`?asOf=${encodeURIComponent(before)}`)).toEqual([['fibre-core km', '4']]);
  });

  it('emits a registered event on publication and an updated event carrying the revised value', async () => {
    const key = 'A.442000.INTERNET_USERS.ACTUAL.2011';
    const put = (body: object, etag?: string) => {
      const request = gateway().http().put(`/registries/macro/observations/${key}`).set(bearer(macro.statistics.token));
      return (etag ? request.set('if-match', etag) : request).send(body);
    };
    const created = await put({ obs_value: '88', source_ref: '中山市统计公报 2011' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const revised = await put(
      { obs_value: '90.5', obs_status: 'revised', source_ref: '中山市统计年鉴 2012' },
      String(created.headers.etag),
    );
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    const registered = (await eventsOf('cn.gov.hutong.registries.observation.registered.v1')).filter(
      (event) => event.subject === key,
    );
    const updated = (await eventsOf('cn.gov.hutong.registries.observation.updated.v1')).filter((event) => event.subject === key);
    expect(registered.map((event) => event.data.record.obs_value)).toEqual(['88']);
    expect(updated.map((event) => [event.data.version, event.data.record.obs_value, event.data.record.obs_status])).toEqual([
      [2, '90.5', 'revised'],
    ]);
  });

  it('lets only the provider write: a consumer gets 403 and nothing changes', async () => {
    const response = await gateway()
      .http()
      .put('/registries/macro/observations/A.442000.INTERNET_USERS.ACTUAL.2012')
      .set(bearer(reader))
      .send({ obs_value: '1' });
    expect(response.status).toBe(403);
    expect((await get('/registries/macro/observations/A.442000.INTERNET_USERS.ACTUAL.2012', 'application/json')).status).toBe(
      404,
    );
  });

  it('withdraws an observation: it leaves the SDMX answer, its history stays', async () => {
    const key = 'A.442000.INTERNET_USERS.ACTUAL.2006';
    const withdrawn = await gateway()
      .http()
      .delete(`/registries/macro/observations/${key}?reason=${encodeURIComponent('published in error')}`)
      .set(bearer(macro.statistics.token));
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const rows = csvRows((await get('/sdmx/rest/data/DF_MACRO/A.442000.INTERNET_USERS.ACTUAL', SDMX_CSV)).text);
    expect(rows.map((row) => row.TIME_PERIOD)).not.toContain('2006');
    const history = await get(`/registries/macro/observations/${key}/history`, 'application/json');
    const statuses = (history.body.versions as Array<{ record: { status: string } }>).map((version) => version.record.status);
    expect(statuses).toEqual(['withdrawn', 'published']);
  });
});
