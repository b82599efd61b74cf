import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonld from 'jsonld';
import { Parser, Store, termToId, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStatisticsEntry, populationEntry, publishEntry } from '../../support/catalog-fixtures';
import { accessToken, bearer, createAgency, createOperator } from '../../support/identity-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const HYDRA = 'http://www.w3.org/ns/hydra/core#';
const SHAPES_DIR = join(__dirname, '../../fixtures/dcat-ap-3.0.1');

/** The official DCAT-AP 3.0.1 shapes and class ranges, loaded into one shapes graph. */
function dcatApShapes(): Store {
  const shapes = new Store();
  for (const file of ['dcat-ap-3.0.1-SHACL.ttl', 'ranges.ttl']) {
    shapes.addQuads(new Parser().parse(readFileSync(join(SHAPES_DIR, file), 'utf8')));
  }
  return shapes;
}

async function violations(quads: readonly Quad[]): Promise<string[]> {
  const report = await new SHACLValidator(dcatApShapes()).validate(new Store([...quads]));
  return report.results.map(
    (r) => `${r.focusNode?.value} ${r.path?.value ?? ''}: ${r.message.map((m) => m.value).join('; ')} (${r.sourceShape?.value})`,
  );
}

function triples(quads: readonly Quad[]): Set<string> {
  return new Set(quads.map((q) => `${termToId(q.subject)} ${termToId(q.predicate)} ${termToId(q.object)}`));
}

async function jsonLdQuads(document: object): Promise<Quad[]> {
  const nquads = (await jsonld.toRDF(document, { format: 'application/n-quads' })) as string;
  return new Parser({ format: 'N-Quads' }).parse(nquads);
}

function objectsOf(quads: readonly Quad[], subject: string, predicate: string): string[] {
  return quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);
}

function datasetsIn(quads: readonly Quad[]): string[] {
  return quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${DCAT}Dataset`).map((q) => q.subject.value);
}

/** RFC 9562 version 3 (MD5, URL namespace) UUID, computed independently of the gateway's SQL. */
function urlUuid(url: string): string {
  const digest = createHash('md5').update(Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex')).update(url).digest();
  digest[6] = ((digest[6] ?? 0) & 0x0f) | 0x30;
  digest[8] = ((digest[8] ?? 0) & 0x3f) | 0x80;
  const hex = digest.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Python's `datetime.isoformat()` of a naive UTC datetime, as ckanext-harvest formats its "since". */
function pythonIsoformat(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000`;
}

interface HarvestRun {
  readonly packages: Array<{ id: string; name: string; metadata_modified: string }>;
  readonly requests: number;
}

/**
 * ckanext-harvest's CKANHarvester._search_for_datasets, step by step: package_search with
 * rows, start and sort=id asc (plus fq), start += rows until a page has no results; it gives up
 * if two consecutive responses are byte-identical. Bounded here so a broken paging fails, not hangs.
 */
async function harvest(rows: number, fqTerms: string[] = []): Promise<HarvestRun> {
  const params: Record<string, string> = { rows: String(rows), start: '0', sort: 'id asc' };
  if (fqTerms.length > 0) params.fq = fqTerms.join(' ');
  const packages: HarvestRun['packages'] = [];
  let previous: string | undefined;
  for (let requests = 1; requests <= 50; requests += 1) {
    const response = await gateway()
      .http()
      .get(`/api/3/action/package_search?${new URLSearchParams(params).toString()}`);
    expect(response.status, response.text).toBe(200);
    expect(response.text, 'two consecutive pages are identical: "paging doesn\'t seem to work"').not.toBe(previous);
    previous = response.text;
    const page = response.body.result.results as HarvestRun['packages'];
    packages.push(...page);
    if (page.length === 0) return { packages, requests };
    params.start = String(Number(params.start) + Number(params.rows));
  }
  throw new Error('the harvester loop did not end');
}

describe('open data: DCAT-AP 3 and the CKAN Action API', () => {
  let operator: string;
  let statistics: { code: string; token: string };
  let planning: { code: string; token: string };
  let police: { code: string; token: string };
  const open: string[] = [];
  let closed: string;
  let draft: string;
  let base: string;

  beforeAll(async () => {
    base = gateway().config.http.publicBaseUrl;
    operator = await accessToken(gateway(), await createOperator(gateway()));
    const agency = async (name: string) => {
      const principal = await createAgency(gateway(), operator, { roles: ['provider'], name });
      return { code: principal.code, token: await accessToken(gateway(), principal) };
    };
    statistics = await agency('市统计局');
    planning = await agency('市规划和自然资源局');
    police = await agency('市公安局');
    // Published but not open to the public: never in either view.
    closed = await publishEntry(gateway(), police.token, operator, populationEntry());
    for (let i = 0; i < 7; i += 1) {
      const provider = i % 2 === 0 ? statistics : planning;
      const related = i === 0 ? [closed] : i === 1 ? [open[0] as string] : [];
      const entry = openStatisticsEntry(`年度统计指标${i}`, { keywords: ['统计', `指标${i}`], relatedResources: related });
      open.push(await publishEntry(gateway(), provider.token, operator, entry));
    }
    // Open, but only a draft: not published, so not public either.
    const drafted = await gateway()
      .http()
      .post('/catalog/resources')
      .set(bearer(statistics.token))
      .send(openStatisticsEntry('草稿指标'));
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    draft = drafted.body.code;
  });

  describe('DCAT-AP 3 at /catalog/dcat', () => {
    it('serves Turtle that conforms to the official DCAT-AP 3.0.1 shapes, with only published open entries', async () => {
      const response = await gateway().http().get('/catalog/dcat').set('accept', 'text/turtle');
      expect(response.status, response.text).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/turtle/);
      const quads = new Parser().parse(response.text);
      expect(await violations(quads)).toEqual([]);
      expect(datasetsIn(quads).sort()).toEqual(open.map((code) => `${base}/catalog/resources/${code}`).sort());
      expect(response.text).not.toContain(closed);
      expect(response.text).not.toContain(draft);
      expect(response.text).not.toContain('人口基础信息');
    });

    it('maps the core metadata: identifier, publisher with its credit code, theme, frequency, access rights, distributions', async () => {
      const response = await gateway().http().get('/catalog/dcat').set('accept', 'text/turtle');
      const quads = new Parser().parse(response.text);
      const dataset = `${base}/catalog/resources/${open[0]}`;
      expect(objectsOf(quads, dataset, `${DCT}identifier`)).toEqual([open[0]]);
      expect(objectsOf(quads, dataset, `${DCT}title`)).toEqual(['年度统计指标0']);
      expect(objectsOf(quads, dataset, `${DCT}accrualPeriodicity`)).toEqual([
        'http://publications.europa.eu/resource/authority/frequency/ANNUAL',
      ]);
      expect(objectsOf(quads, dataset, `${DCT}accessRights`)).toEqual([
        'http://publications.europa.eu/resource/authority/access-right/PUBLIC',
      ]);
      expect(objectsOf(quads, dataset, `${DCAT}keyword`).sort()).toEqual(['指标0', '统计']);
      const [publisher] = objectsOf(quads, dataset, `${DCT}publisher`);
      expect(objectsOf(quads, publisher as string, 'http://xmlns.com/foaf/0.1/name')).toEqual(['市统计局']);
      const [identifier] = objectsOf(quads, publisher as string, 'http://www.w3.org/ns/adms#identifier');
      expect(objectsOf(quads, identifier as string, 'http://www.w3.org/2004/02/skos/core#notation')).toEqual([statistics.code]);
      const [theme] = objectsOf(quads, dataset, `${DCAT}theme`);
      expect(objectsOf(quads, theme as string, 'http://www.w3.org/2004/02/skos/core#prefLabel')).toEqual(['国民经济核算']);
      const distributions = objectsOf(quads, dataset, `${DCAT}distribution`).sort();
      expect(distributions).toEqual([`${dataset}#api`, `${dataset}#file`]);
      const [service] = objectsOf(quads, `${dataset}#api`, `${DCAT}accessService`);
      expect(objectsOf(quads, service as string, `${DCAT}endpointURL`)).toEqual([dataset]);
    });

    it('links related entries only when they are open too (a link would reveal a closed code)', async () => {
      const quads = new Parser().parse((await gateway().http().get('/catalog/dcat').set('accept', 'text/turtle')).text);
      expect(objectsOf(quads, `${base}/catalog/resources/${open[0]}`, `${DCT}relation`)).toEqual([]);
      expect(objectsOf(quads, `${base}/catalog/resources/${open[1]}`, `${DCT}relation`)).toEqual([
        `${base}/catalog/resources/${open[0]}`,
      ]);
    });

    it('serves JSON-LD by default, holding exactly the Turtle triples, and it conforms too', async () => {
      const json = await gateway().http().get('/catalog/dcat');
      expect(json.status, json.text).toBe(200);
      expect(json.headers['content-type']).toMatch(/^application\/ld\+json/);
      expect(json.headers.vary).toMatch(/accept/i);
      const fromJsonLd = await jsonLdQuads(json.body);
      const turtle = await gateway().http().get('/catalog/dcat').set('accept', 'text/turtle');
      expect(triples(fromJsonLd)).toEqual(triples(new Parser().parse(turtle.text)));
      expect(await violations(fromJsonLd)).toEqual([]);
    });

    it('is checked by the shapes for real: a dataset without dct:description does not conform', async () => {
      const quads = new Parser().parse((await gateway().http().get('/catalog/dcat').set('accept', 'text/turtle')).text);
      const dataset = `${base}/catalog/resources/${open[2]}`;
      const broken = quads.filter((q) => !(q.subject.value === dataset && q.predicate.value === `${DCT}description`));
      const found = await violations(broken);
      expect(found.length).toBeGreaterThan(0);
      expect(found.join('\n')).toContain(dataset);
    });

    it('pages with Hydra: following hydra:next visits every open entry exactly once', async () => {
      const seen: string[] = [];
      let url: string | undefined = '/catalog/dcat?page_size=3';
      let pages = 0;
      while (url !== undefined && pages < 20) {
        const response = await gateway().http().get(url).set('accept', 'text/turtle');
        expect(response.status, response.text).toBe(200);
        const quads = new Parser().parse(response.text);
        pages += 1;
        seen.push(...datasetsIn(quads));
        const [view] = quads
          .filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${HYDRA}PartialCollectionView`)
          .map((q) => q.subject.value);
        expect(objectsOf(quads, view as string, `${HYDRA}totalItems`)).toEqual(['7']);
        expect(objectsOf(quads, view as string, `${HYDRA}first`)).toEqual([`${base}/catalog/dcat?page_size=3&page=1`]);
        expect(objectsOf(quads, view as string, `${HYDRA}last`)).toEqual([`${base}/catalog/dcat?page_size=3&page=3`]);
        const [next] = objectsOf(quads, view as string, `${HYDRA}next`);
        url = next?.slice(base.length);
      }
      expect(pages).toBe(3);
      expect(seen.length).toBe(7);
      expect(new Set(seen).size).toBe(7);
      expect([...seen].sort()).toEqual(open.map((code) => `${base}/catalog/resources/${code}`).sort());
    });

    it('filters by modified_since', async () => {
      const future = await gateway().http().get('/catalog/dcat?modified_since=2999-01-01').set('accept', 'text/turtle');
      expect(future.status, future.text).toBe(200);
      expect(datasetsIn(new Parser().parse(future.text))).toEqual([]);
      const past = await gateway().http().get('/catalog/dcat?modified_since=2000-01-01T00:00:00Z').set('accept', 'text/turtle');
      expect(datasetsIn(new Parser().parse(past.text)).length).toBe(7);
    });

    it.each([
      ['an unknown parameter', '/catalog/dcat?pagesize=3', 'pagesize'],
      ['page 0', '/catalog/dcat?page=0', 'page'],
      ['a page that is not a number', '/catalog/dcat?page=two', 'page'],
      ['an impossible date', '/catalog/dcat?modified_since=2024-02-30', 'modified_since'],
      ['a date that is not ISO 8601', '/catalog/dcat?modified_since=yesterday', 'modified_since'],
    ])('refuses %s with a 400 problem', async (_, url, field) => {
      const response = await gateway().http().get(url);
      expect(response.status, response.text).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.type).toBe('/problems/validation-error');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('answers 406 to a client that accepts no format it offers', async () => {
      const response = await gateway().http().get('/catalog/dcat').set('accept', 'application/rdf+xml');
      expect(response.status, response.text).toBe(406);
    });
  });

  describe('CKAN Action API at /api/3/action', () => {
    it('survives the ckanext-harvest loop: every public entry exactly once, in id order, over several pages', async () => {
      const run = await harvest(3);
      expect(run.requests).toBe(4);
      const ids = run.packages.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort());
      expect(run.packages.map((p) => p.name).sort()).toEqual(open.map((code) => code.replace('/', '-')).sort());
      for (const p of run.packages) {
        expect(p.id).toBe(urlUuid(`${base}/catalog/resources/${p.name.replace('-', '/')}`));
      }
    });

    it('survives the incremental harvest: metadata_modified:[<since>Z TO *] returns what changed since, once', async () => {
      const before = await harvest(3);
      const latest = Math.max(...before.packages.map((p) => Date.parse(`${p.metadata_modified}Z`)));
      const since = pythonIsoformat(new Date(latest + 1));
      const added = [
        await publishEntry(gateway(), statistics.token, operator, openStatisticsEntry('新增指标甲')),
        await publishEntry(gateway(), planning.token, operator, openStatisticsEntry('新增指标乙')),
      ];
      const revised = open[2] as string;
      const put = await gateway()
        .http()
        .put(`/catalog/resources/${revised}`)
        .set(bearer(statistics.token))
        .send(openStatisticsEntry('年度统计指标2（修订）'));
      expect(put.status, put.text).toBe(200);
      expect((await gateway().http().post(`/catalog/resources/${revised}/submit`).set(bearer(statistics.token))).status).toBe(
        200,
      );
      expect((await gateway().http().post(`/catalog/resources/${revised}/publish`).set(bearer(operator))).status).toBe(200);
      open.push(...added);

      const run = await harvest(2, [`metadata_modified:[${since}Z TO *]`]);
      expect(run.packages.map((p) => p.name).sort()).toEqual([...added, revised].map((code) => code.replace('/', '-')).sort());
      expect(run.requests).toBe(3);
      const full = await harvest(3);
      expect(full.packages.length).toBe(open.length);
      expect(new Set(full.packages.map((p) => p.id)).size).toBe(open.length);
    });

    it('combines harvester filters: organisation include list, exclusion, and since', async () => {
      const org = statistics.code.toLowerCase();
      const included = await harvest(100, [
        `organization:${org} OR organization:nobody`,
        'metadata_modified:[2000-01-01T00:00:00Z TO *]',
      ]);
      expect(included.packages.length).toBeGreaterThan(0);
      expect(included.packages.every((p) => (p as unknown as { owner_org: string }).owner_org === statistics.code)).toBe(true);
      const excluded = await harvest(100, [`-organization:${org}`]);
      expect(excluded.packages.length + included.packages.length).toBe(open.length);
    });

    it('shows a package by id and by name, with the fields CKAN clients read', async () => {
      const code = open[0] as string;
      const name = code.replace('/', '-');
      const byName = await gateway().http().get('/api/3/action/package_show').query({ id: name });
      expect(byName.status, byName.text).toBe(200);
      expect(byName.body.success).toBe(true);
      expect(byName.body.help).toBe(`${base}/api/3/action/help_show?name=package_show`);
      const pkg = byName.body.result;
      expect(pkg).toMatchObject({
        id: urlUuid(`${base}/catalog/resources/${code}`),
        name,
        title: '年度统计指标0',
        owner_org: statistics.code,
        organization: { id: statistics.code, name: statistics.code.toLowerCase(), title: '市统计局' },
        tags: [{ name: '统计' }, { name: '指标0' }],
        groups: [],
      });
      expect(pkg.name).toMatch(/^[a-z0-9_-]{2,100}$/);
      expect(pkg.notes).toContain('年度统计指标0');
      expect(pkg.metadata_modified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
      expect(pkg.metadata_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
      expect(pkg.resources.map((r: { format: string }) => r.format)).toEqual(['JSON', '电子表格']);
      const extras = Object.fromEntries(pkg.extras.map((e: { key: string; value: string }) => [e.key, e.value]));
      expect(extras).toMatchObject({
        resource_code: code,
        sharing_type: 'unconditional',
        update_cycle: 'annual',
        security_level: '2',
        uri: `${base}/catalog/resources/${code}`,
      });
      const byId = await gateway().http().get('/api/3/action/package_show').query({ id: pkg.id });
      expect(byId.status, byId.text).toBe(200);
      expect(byId.body.result).toEqual(pkg);
    });

    it('does not show a closed entry or a draft: CKAN 404 shape', async () => {
      for (const id of [closed.replace('/', '-'), draft.replace('/', '-'), urlUuid(`${base}/catalog/resources/${closed}`)]) {
        const response = await gateway().http().get('/api/3/action/package_show').query({ id });
        expect(response.status, id).toBe(404);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.body).toMatchObject({ success: false, error: { __type: 'Not Found Error' } });
        expect(typeof response.body.error.message).toBe('string');
      }
      const unknown = await gateway().http().get('/api/3/action/package_show?id=no-such-package');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.__type).toBe('Not Found Error');
    });

    it('shows and lists organisations: the provider agencies of open entries only', async () => {
      for (const id of [planning.code, planning.code.toLowerCase()]) {
        const response = await gateway().http().get('/api/3/action/organization_show').query({ id });
        expect(response.status, response.text).toBe(200);
        expect(response.body.result).toMatchObject({
          id: planning.code,
          name: planning.code.toLowerCase(),
          title: '市规划和自然资源局',
          is_organization: true,
        });
        expect(response.body.result.package_count).toBeGreaterThanOrEqual(3);
      }
      const hidden = await gateway().http().get('/api/3/action/organization_show').query({ id: police.code });
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.__type).toBe('Not Found Error');

      const names = await gateway().http().get('/api/3/action/organization_list');
      expect(names.body.result).toEqual([statistics.code, planning.code].map((c) => c.toLowerCase()).sort());
      const dicts = await gateway().http().get('/api/3/action/organization_list?all_fields=true');
      expect(dicts.body.result.map((o: { title: string }) => o.title).sort()).toEqual(['市统计局', '市规划和自然资源局'].sort());
    });

    it('lists package names and answers status_show', async () => {
      const list = await gateway().http().get('/api/3/action/package_list');
      expect(list.status, list.text).toBe(200);
      expect(list.body.result).toEqual(open.map((code) => code.replace('/', '-')).sort());
      const status = await gateway().http().get('/api/3/action/status_show');
      expect(status.body.result.ckan_version).toMatch(/^2\.\d+\.\d+$/);
    });

    it('searches: free text, tags, sorting by metadata_modified', async () => {
      const text = await gateway().http().get('/api/3/action/package_search').query({ q: '新增指标甲' });
      expect(text.status, text.text).toBe(200);
      expect(text.body.result.count).toBe(1);
      const tagged = await gateway().http().get('/api/3/action/package_search').query({ fq: 'tags:指标5' });
      expect(tagged.body.result.results.map((p: { name: string }) => p.name)).toEqual([(open[5] as string).replace('/', '-')]);
      const recent = await gateway()
        .http()
        .get('/api/3/action/package_search')
        .query({ sort: 'metadata_modified desc', rows: 1000 });
      const modified = recent.body.result.results.map((p: { metadata_modified: string }) => p.metadata_modified);
      expect(modified).toEqual([...modified].sort().reverse());
      expect(recent.body.result.count).toBe(open.length);
    });

    it.each([
      ['rows that is not a number', { rows: 'abc' }, 'rows'],
      ['negative rows', { rows: '-1' }, 'rows'],
      ['an unknown parameter', { rowz: '3' }, 'rowz'],
      ['an unknown filter field', { fq: 'secret_field:x' }, 'fq'],
      ['an unparsable filter', { fq: 'metadata_modified:[yesterday TO *]' }, 'fq'],
      ['an unknown sort', { sort: 'security_level asc' }, 'sort'],
    ])('answers %s with a CKAN 409 Validation Error', async (_, query, field) => {
      const response = await gateway().http().get('/api/3/action/package_search').query(query);
      expect(response.status, response.text).toBe(409);
      expect(response.body).toMatchObject({ success: false, error: { __type: 'Validation Error' } });
      expect(response.body.error[field]).toHaveLength(1);
      expect(typeof response.body.error.message).toBe('string');
    });

    it('caps rows at 1000 as CKAN does', async () => {
      const response = await gateway().http().get('/api/3/action/package_search').query({ rows: 5000 });
      expect(response.status, response.text).toBe(200);
      expect(response.body.result.results.length).toBe(open.length);
    });
  });
});
