import { DataSource } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import { populationEntry, publishEntry } from '../../support/catalog-fixtures';
import { accessToken, bearer, createAgency, createOperator, createReviewer } from '../../support/identity-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();
const db = () => gateway().app.get(DataSource);

let operator: string;
let provider: string;
let providerCode: string;
let otherProvider: string;
let consumer: string;

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  const providerAgency = await createAgency(gateway(), operator, { roles: ['provider'] });
  providerCode = providerAgency.code;
  provider = await accessToken(gateway(), providerAgency);
  otherProvider = await accessToken(gateway(), await createAgency(gateway(), operator, { roles: ['provider', 'consumer'] }));
  consumer = await accessToken(gateway(), await createAgency(gateway(), operator, { roles: ['consumer'] }));
});

const as = (token: string) => ({
  get: (path: string, query: Record<string, string> = {}) => gateway().http().get(path).query(query).set(bearer(token)),
  post: (path: string, body: object = {}, headers: Record<string, string> = {}) =>
    gateway().http().post(path).set(bearer(token)).set(headers).send(body),
  put: (path: string, body: object, headers: Record<string, string> = {}) =>
    gateway().http().put(path).set(bearer(token)).set(headers).send(body),
});

describe('catalog entry lifecycle', () => {
  it('goes draft → submitted → published → next version → retired, keeping every published version', async () => {
    const drafted = await as(provider).post('/catalog/resources', populationEntry());
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const code = drafted.body.code as string;
    expect(code).toMatch(/^101001\/\d{6}$/);
    expect(drafted.headers.location).toBe(`/catalog/resources/${code}`);
    expect(drafted.body).toMatchObject({ status: 'draft', version: null, provider: { code: providerCode } });

    // Other agencies do not see a draft at all.
    await as(consumer).get(`/catalog/resources/${code}`).expect(404);

    await as(provider).post(`/catalog/resources/${code}/publish`).expect(403);
    const early = await as(operator).post(`/catalog/resources/${code}/publish`);
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('not submitted');

    const submitted = await as(provider).post(`/catalog/resources/${code}/submit`).expect(200);
    expect(submitted.body.status).toBe('submitted');
    await as(provider)
      .put(`/catalog/resources/${code}`, populationEntry({ name: '人口信息（修改）' }))
      .expect(409);

    const returned = await as(operator).post(`/catalog/resources/${code}/return`, { reason: '摘要需注明数据范围' }).expect(200);
    expect(returned.body).toMatchObject({ status: 'draft', revision: { state: 'draft', returnedReason: '摘要需注明数据范围' } });

    await as(provider).post(`/catalog/resources/${code}/submit`).expect(200);
    const published = await as(operator).post(`/catalog/resources/${code}/publish`).expect(200);
    expect(published.body).toMatchObject({ status: 'published', version: 1, revision: null });

    // A new version is drafted beside the published one, which stays what everyone sees.
    await as(provider)
      .put(`/catalog/resources/${code}`, populationEntry({ summary: '第二版摘要' }))
      .expect(200);
    const meanwhile = await as(consumer).get(`/catalog/resources/${code}`).expect(200);
    expect(meanwhile.body.metadata.summary).not.toBe('第二版摘要');
    expect(meanwhile.body.revision).toBeNull();
    await as(provider).post(`/catalog/resources/${code}/submit`).expect(200);
    const second = await as(operator).post(`/catalog/resources/${code}/publish`).expect(200);
    expect(second.body).toMatchObject({ version: 2, metadata: { summary: '第二版摘要' } });
    expect(second.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    const first = await as(consumer).get(`/catalog/resources/${code}/versions/1`).expect(200);
    expect(first.body.metadata.summary).toBe(populationEntry().summary);
    await as(consumer).get(`/catalog/resources/${code}/versions/3`).expect(404);

    await as(provider).post(`/catalog/resources/${code}/retire`, { reason: '并入新目录' }).expect(403);
    const retired = await as(operator).post(`/catalog/resources/${code}/retire`, { reason: '并入新目录' }).expect(200);
    expect(retired.body.status).toBe('retired');
    await as(operator).post(`/catalog/resources/${code}/retire`, { reason: 'again' }).expect(409);
    await as(provider).put(`/catalog/resources/${code}`, populationEntry()).expect(409);
  });

  it('writes one event per change into the outbox, in order, and audits each change', async () => {
    const auditedChanges = async (): Promise<string[]> => {
      const rows: Array<{ route: string }> = await db().query(
        `SELECT entry -> 'entry' ->> 'route' AS route FROM audit_entries
          WHERE entry -> 'entry' ->> 'resource' = 'catalog_resource' AND entry -> 'entry' ->> 'outcome' = 'allowed'
            AND entry -> 'entry' ->> 'method' = 'POST' ORDER BY seq`,
      );
      return rows.map((row) => row.route);
    };
    const before = await auditedChanges();
    const code = await publishEntry(gateway(), provider, operator, populationEntry({ name: '事件测试资源' }));
    const events: Array<{ type: string; subject: string; source: string; data: { actor: string } }> = await db().query(
      'SELECT type, subject, source, data FROM event_log WHERE resource_code = $1 ORDER BY seq',
      [code],
    );
    expect(events.map((e) => e.type)).toEqual([
      'cn.gov.hutong.catalog.resource.drafted.v1',
      'cn.gov.hutong.catalog.resource.submitted.v1',
      'cn.gov.hutong.catalog.resource.published.v1',
    ]);
    expect(events[0]).toMatchObject({ subject: code, source: `/agencies/${providerCode}/resources/${code}` });
    expect((await auditedChanges()).slice(before.length)).toEqual([
      '/catalog/resources',
      '/catalog/resources/:classification/:sequence/submit',
      '/catalog/resources/:classification/:sequence/publish',
    ]);
  });

  it('refuses a lost update with 412 and names the current ETag', async () => {
    const drafted = await as(provider)
      .post('/catalog/resources', populationEntry({ name: '并发编辑' }))
      .expect(201);
    const code = drafted.body.code as string;
    const etag = drafted.headers.etag as string;
    await as(provider)
      .put(`/catalog/resources/${code}`, populationEntry({ summary: '甲' }), { 'if-match': etag })
      .expect(200);
    const stale = await as(operator).put(`/catalog/resources/${code}`, populationEntry({ summary: '乙' }), { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    const current = await as(provider).get(`/catalog/resources/${code}`).expect(200);
    expect(current.body.revision.metadata.summary).toBe('甲');
  });

  it('lets only the provider and operators change an entry', async () => {
    const drafted = await as(provider)
      .post('/catalog/resources', populationEntry({ name: '他人资源' }))
      .expect(201);
    const code = drafted.body.code as string;
    await as(provider).post(`/catalog/resources/${code}/submit`).expect(200);
    await as(operator).post(`/catalog/resources/${code}/publish`).expect(200);
    const foreign = await as(otherProvider).put(`/catalog/resources/${code}`, populationEntry());
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('not_provider');
    await as(consumer).post('/catalog/resources', populationEntry()).expect(403);
    await as(provider)
      .post('/catalog/resources', populationEntry({ providerCode: '91350100M000100Y43' }))
      .expect(403);
  });
});

describe('entry validation', () => {
  const expectViolation = async (entry: Record<string, unknown>, field: string, rule: string) => {
    const response = await as(provider).post('/catalog/resources', entry);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
  };

  it('requires a legal basis for 有条件 and 不予共享', async () => {
    await expectViolation(
      populationEntry({ sharing: { type: 'conditional', methods: ['api'] } }),
      'sharing.legalBasis',
      'required',
    );
  });

  it('keeps the basic items of a base registry unconditional (Art. 10)', async () => {
    const entry = populationEntry();
    const items = (entry.items as Array<Record<string, unknown>>).map((item) =>
      item.code === 'citizen_id' ? { ...item, sharingType: 'conditional' } : item,
    );
    await expectViolation({ ...entry, items }, 'items[0].sharingType', 'art_10');
  });

  it('refuses conditional items in an unconditional entry, unknown scope items and duplicate item codes', async () => {
    await expectViolation(
      populationEntry({ sharing: { type: 'unconditional', methods: ['api'] } }),
      'items[3].sharingType',
      'looser_than_entry',
    );
    await expectViolation(populationEntry({ scopeItem: 'name' }), 'scopeItem', 'division_item');
    const entry = populationEntry();
    const items = entry.items as unknown[];
    await expectViolation({ ...entry, items: [...items, items[1]] }, 'items[7].code', 'unique');
  });

  it('refuses an entry open to the public that is not shared even between agencies', async () => {
    await expectViolation(
      populationEntry({
        classification: { category: 'department', item: '11', group: '001', itemLabel: '公安' },
        sharing: { type: 'none', methods: ['api'], legalBasis: '《保守国家秘密法》' },
        openAccess: { open: true },
      }),
      'openAccess.open',
      'open_but_not_shared',
    );
  });

  it('names an unknown classification item and an unknown related resource', async () => {
    await expectViolation(
      populationEntry({ classification: { category: 'base', item: '99', group: '001' } }),
      'classification.item',
      'unknown_item',
    );
    const related = await as(provider).post('/catalog/resources', populationEntry({ relatedResources: ['101001/999999'] }));
    expect(related.status).toBe(404);
    expect(related.body.errors[0]).toMatchObject({ field: 'relatedResources' });
  });
});

describe('catalog search', () => {
  let hidden: string;
  beforeAll(async () => {
    await publishEntry(gateway(), provider, operator, populationEntry({ name: '流动人口登记信息', keywords: ['流动人口'] }));
    await publishEntry(
      gateway(),
      provider,
      operator,
      populationEntry({
        name: '出租屋信息',
        classification: { category: 'theme', item: '10', group: '002' },
        keywords: ['社区'],
      }),
    );
    const entry = populationEntry({
      name: '侦查案件线索',
      classification: { category: 'department', item: '11', group: '001', itemLabel: '公安' },
      sharing: { type: 'none', methods: ['api'], legalBasis: '《中华人民共和国刑事诉讼法》' },
    });
    hidden = await publishEntry(gateway(), provider, operator, entry);
  });

  it('finds Chinese text without a segmenter, in simplified or traditional script', async () => {
    const simplified = await as(consumer).get('/catalog/resources', { q: '流动人口' }).expect(200);
    const traditional = await as(consumer).get('/catalog/resources', { q: '流動人口' }).expect(200);
    expect(simplified.body.items.map((i: { name: string }) => i.name)).toContain('流动人口登记信息');
    expect(traditional.body.items.map((i: { code: string }) => i.code)).toEqual(
      simplified.body.items.map((i: { code: string }) => i.code),
    );
    const single = await as(consumer).get('/catalog/resources', { q: '屋' }).expect(200);
    expect(single.body.items.map((i: { name: string }) => i.name)).toEqual(['出租屋信息']);
  });

  it('hides 不予共享 entries from other agencies but shows them to their provider and operators', async () => {
    const asConsumer = await as(consumer).get('/catalog/resources', { q: '侦查' }).expect(200);
    expect(asConsumer.body.items).toEqual([]);
    await as(consumer).get(`/catalog/resources/${hidden}`).expect(404);
    const asProvider = await as(provider).get('/catalog/resources', { q: '侦查' }).expect(200);
    expect(asProvider.body.items.map((i: { code: string }) => i.code)).toEqual([hidden]);
    const asOperator = await as(operator).get('/catalog/resources', { sharingType: 'none' }).expect(200);
    expect(asOperator.body.items.map((i: { code: string }) => i.code)).toContain(hidden);
  });

  it('counts facets over the filtered set', async () => {
    const all = await as(operator).get('/catalog/resources', { category: 'base' }).expect(200);
    const total = Object.values(all.body.facets.category as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(all.body.facets.category).toEqual({ base: total });
    expect(all.body.facets.sharingType.conditional).toBeGreaterThan(0);
  });

  it('pages with a stable cursor: every entry once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { limit: '2', sort: 'name', ...(cursor ? { cursor } : {}) };
      const page = await as(operator).get('/catalog/resources', query).expect(200);
      seen.push(...page.body.items.map((i: { code: string }) => i.code));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    const everything = await as(operator).get('/catalog/resources', { limit: '200', sort: 'name' }).expect(200);
    expect(seen).toEqual(everything.body.items.map((i: { code: string }) => i.code));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a cursor from another sort and unknown filters', async () => {
    const page = await as(operator).get('/catalog/resources', { limit: '1', sort: 'name' }).expect(200);
    const mixed = await as(operator).get('/catalog/resources', { sort: 'code', cursor: page.body.nextCursor as string });
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors[0].field).toBe('cursor');
    const unknown = await as(operator).get('/catalog/resources', { colour: 'red' });
    expect(unknown.status).toBe(400);
  });

  it('is refused to reviewers and to callers without a token', async () => {
    const reviewer = await accessToken(gateway(), await createReviewer(gateway(), operator));
    const refused = await as(reviewer).get('/catalog/resources');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('wrong_principal_kind');
    await gateway().http().get('/catalog/resources').expect(401);
  });
});
