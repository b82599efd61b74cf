import { AuditWriter } from '@hutong/audit';
import { EntitlementService, GrantExpiry } from '@hutong/catalog';
import { validateEventData } from '@hutong/exchange';
import { DataSource } from 'typeorm';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { populationEntry, publishEntry } from '../../support/catalog-fixtures';
import {
  accessToken,
  bearer,
  createAgency,
  createOperator,
  createReviewer,
  type TestPrincipal,
} from '../../support/identity-fixtures';
import { startTestGateway, useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();
const db = () => gateway().app.get(DataSource);

let operator: string;
let provider: string;
let otherProvider: string;
let consumerA: TestPrincipal;
let consumerB: TestPrincipal;
let tokenA: string;
let tokenB: string;
let population: string;

const inAYear = () => new Date(Date.now() + 300 * 24 * 3600 * 1000).toISOString();

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  provider = await accessToken(gateway(), await createAgency(gateway(), operator, { roles: ['provider'] }));
  otherProvider = await accessToken(gateway(), await createAgency(gateway(), operator, { roles: ['provider'] }));
  consumerA = await createAgency(gateway(), operator, { roles: ['consumer'], divisionCode: '440103' });
  consumerB = await createAgency(gateway(), operator, { roles: ['consumer'], divisionCode: '440104' });
  tokenA = await accessToken(gateway(), consumerA);
  tokenB = await accessToken(gateway(), consumerB);
  population = await publishEntry(gateway(), provider, operator, populationEntry());
});

const as = (token: string) => ({
  get: (path: string, query: Record<string, string> = {}) => gateway().http().get(path).query(query).set(bearer(token)),
  post: (path: string, body: object = {}) => gateway().http().post(path).set(bearer(token)).send(body),
});

const apply = (token: string, body: Record<string, unknown>, code = population) =>
  as(token).post(`/catalog/resources/${code}/access-requests`, {
    purpose: 'business_collaboration',
    basis: '《社会救助暂行办法》第十一条：核对申请人家庭情况',
    validTo: inAYear(),
    ...body,
  });

const entitlement = (token: string, query: Record<string, string> = {}, code = population) =>
  as(token).get(`/catalog/resources/${code}/entitlement`, query).expect(200);

describe('applying for access', () => {
  it('approves a request for unconditional items at once, with a grant', async () => {
    const response = await apply(tokenA, { purpose: 'data_verification', items: ['citizen_id', 'name'] });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ state: 'approved', decision: { decidedBy: 'system', items: ['citizen_id', 'name'] } });
    expect(response.body.grantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.history.map((h: { to: string }) => h.to)).toEqual(['pending', 'approved']);
  });

  it('sends a request for 有条件 items to the provider with a deadline in working days', async () => {
    const response = await apply(tokenA, { items: ['citizen_id', 'marital_status'] }).expect(201);
    expect(response.body.state).toBe('pending');
    const deadline = new Date(response.body.deadlineAt as string).getTime();
    expect(deadline - Date.now()).toBeGreaterThan(10 * 24 * 3600 * 1000);
    expect(deadline - Date.now()).toBeLessThan(17 * 24 * 3600 * 1000);
    const inbox = await as(provider).get('/access-requests', { as: 'provider', state: 'pending' }).expect(200);
    expect(inbox.body.items.map((r: { id: string }) => r.id)).toContain(response.body.id);
  });

  it('names an item the entry does not have, and refuses 不予共享 items', async () => {
    const unknown = await apply(tokenA, { items: ['name', 'shoe_size'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'items', rule: 'unknown_item' })]);
    expect(unknown.body.detail).toContain('shoe_size');
    const secret = await apply(tokenA, { items: ['case_notes'] });
    expect(secret.status).toBe(400);
    expect(secret.body.code).toBe('item_not_shareable');
  });

  it('refuses a 不予共享 entry clearly, saying escalation is possible, and escalates on request', async () => {
    const code = await publishEntry(
      gateway(),
      provider,
      operator,
      populationEntry({
        name: '不予共享测试',
        sharing: { type: 'none', methods: ['api'], legalBasis: '《保守国家秘密法》' },
        classification: { category: 'department', item: '11', group: '002', itemLabel: '公安' },
      }),
    );
    const refused = await apply(tokenA, { items: ['name'] }, code);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'not_shareable', escalation: { possible: true } });
    expect(refused.body.detail).toContain('escalate');
    const escalated = await apply(tokenA, { items: ['name'], escalate: true }, code).expect(201);
    expect(escalated.body.state).toBe('escalated');
    const queue = await as(operator).get('/access-requests', { state: 'escalated' }).expect(200);
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(escalated.body.id);
    const decided = await as(operator)
      .post(`/access-requests/${escalated.body.id}/decide`, {
        outcome: 'approve',
        reason: '市政务数据管理局协调：限期三个月',
        validTo: new Date(Date.now() + 90 * 86400_000).toISOString(),
      })
      .expect(200);
    expect(decided.body).toMatchObject({ state: 'approved', decision: { coordinated: true } });
  });
});

describe('escalation', () => {
  it('takes 不予共享 items of a shared entry to coordination when asked, and not otherwise', async () => {
    const refused = await apply(tokenA, { items: ['case_notes'] });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('escalate');
    const escalated = await apply(tokenA, { items: ['case_notes'], escalate: true }).expect(201);
    expect(escalated.body.state).toBe('escalated');
    await apply(tokenA, { items: ['marital_status'], escalate: true }).expect(400);
  });

  it('escalates a pending request only once its deadline has passed', async () => {
    const request = await apply(tokenB, { items: ['marital_status'], note: 'deadline test' }).expect(201);
    const early = await as(tokenB).post(`/access-requests/${request.body.id}/escalate`, {});
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('deadline');
    await db().query(`UPDATE access_requests SET deadline_at = now() - interval '1 minute' WHERE id = $1`, [request.body.id]);
    const late = await as(tokenB).post(`/access-requests/${request.body.id}/escalate`, { reason: '超过答复期限' }).expect(200);
    expect(late.body.state).toBe('escalated');
  });

  it('tells nothing about a hidden entry: no legal basis, no confirmation of item names', async () => {
    const code = await publishEntry(
      gateway(),
      provider,
      operator,
      populationEntry({
        name: '隐藏资源',
        sharing: { type: 'none', methods: ['api'], legalBasis: '内部文件第7号' },
        classification: { category: 'department', item: '11', group: '003', itemLabel: '公安' },
      }),
    );
    const refused = await apply(tokenA, { items: ['no_such_item'] }, code);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('内部文件');
    await apply(tokenA, { items: ['no_such_item'], escalate: true }, code).expect(201);
    const related = await as(otherProvider).post('/catalog/resources', populationEntry({ relatedResources: [code] }));
    expect(related.status).toBe(404);
  });
});

describe('malformed input', () => {
  it('answers 400, never 500, to bad dates, cursors and offsets', async () => {
    for (const validTo of ['20300101', '2030-W01-1', '2030-02-30T00:00:00Z', '2030-01-01T10:00:00']) {
      const response = await apply(tokenA, { items: ['name'], validTo });
      expect(response.status, validTo).toBe(400);
      expect(response.body.errors[0].field).toBe('validTo');
    }
    const cursors = [
      Buffer.from(JSON.stringify({ s: 'updated', o: 'asc', k: 'x', c: 'a' })).toString('base64url'),
      Buffer.from(JSON.stringify({ s: 'relevance', o: 'desc', k: 'NaN', c: 'a' })).toString('base64url'),
    ];
    await as(operator)
      .get('/catalog/resources', { sort: 'updated', cursor: cursors[0] ?? '' })
      .expect(400);
    await as(operator)
      .get('/catalog/resources', { q: '人口', cursor: cursors[1] ?? '' })
      .expect(400);
    const requestCursor = Buffer.from(
      JSON.stringify(['9999-99-99 99:99:99+00', '00000000-0000-4000-8000-000000000000']),
    ).toString('base64url');
    await as(operator).get('/access-requests', { cursor: requestCursor }).expect(400);
    await as(operator).get('/catalog/usage', { offset: '100000000000000000000' }).expect(400);
  });

  it('refuses an approval whose period has already ended', async () => {
    const request = await apply(tokenB, { items: ['marital_status'], note: 'past' }).expect(201);
    const past = await as(provider).post(`/access-requests/${request.body.id}/approve`, { validTo: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
  });
});

describe('deciding', () => {
  it('grants only the approved items when the provider narrows a request', async () => {
    const request = await apply(tokenB, { items: ['citizen_id', 'marital_status', 'household_address'] }).expect(201);
    const approved = await as(provider)
      .post(`/access-requests/${request.body.id}/approve`, {
        items: ['citizen_id', 'marital_status'],
        note: '户籍地址不在申请用途内',
      })
      .expect(200);
    expect(approved.body).toMatchObject({ state: 'approved', decision: { items: ['citizen_id', 'marital_status'] } });

    const everything = await entitlement(tokenB);
    expect(everything.body).toMatchObject({ allowed: true, basis: 'grant', grantId: approved.body.grantId });
    expect(everything.body.items).toContain('marital_status');
    expect(everything.body.items).not.toContain('household_address');
    expect(everything.body.items).not.toContain('case_notes');

    const denied = await entitlement(tokenB, { items: 'citizen_id,household_address' });
    expect(denied.body).toMatchObject({ allowed: false, reason: 'item_not_granted', items: ['household_address'] });
  });

  it('refuses to widen a request, a second approval, and approvals by anyone but the provider', async () => {
    const request = await apply(tokenB, { items: ['marital_status'], rowScope: { divisions: ['4401'] } }).expect(201);
    const id = request.body.id as string;
    const wider = await as(provider).post(`/access-requests/${id}/approve`, { items: ['marital_status', 'household_address'] });
    expect(wider.status).toBe(400);
    expect(wider.body.code).toBe('narrowing_only');
    const widerRows = await as(provider).post(`/access-requests/${id}/approve`, { rowScope: { divisions: ['44'] } });
    expect(widerRows.status).toBe(400);

    const byConsumer = await as(tokenB).post(`/access-requests/${id}/approve`);
    expect(byConsumer.status).toBe(403);
    expect(byConsumer.body.code).toBe('not_decider');
    const byStranger = await as(otherProvider).post(`/access-requests/${id}/approve`);
    expect(byStranger.status).toBe(403);
    const byOperator = await as(operator).post(`/access-requests/${id}/approve`);
    expect(byOperator.status).toBe(403);

    await as(provider)
      .post(`/access-requests/${id}/approve`, { rowScope: { divisions: ['440104'] } })
      .expect(200);
    const twice = await as(provider).post(`/access-requests/${id}/approve`);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'request_transition', state: 'approved' });
  });

  it('limits reads to the approved rows', async () => {
    const request = await apply(tokenA, { items: ['residence_division'], rowScope: { divisions: ['440103'] } }).expect(201);
    await as(provider).post(`/access-requests/${request.body.id}/approve`).expect(200);
    const inside = await entitlement(tokenA, { items: 'residence_division', divisions: '440103' });
    expect(inside.body).toMatchObject({ allowed: true, rowScope: { divisions: ['440103'] }, scopeItem: 'residence_division' });
    const outside = await entitlement(tokenA, { items: 'residence_division', divisions: '440106' });
    expect(outside.body).toMatchObject({ allowed: false, reason: 'out_of_scope' });
  });

  it('needs a reason to reject; a rejected request can be escalated and refused by coordination, and then nothing more', async () => {
    const request = await apply(tokenA, { items: ['household_address'] }).expect(201);
    const id = request.body.id as string;
    await as(provider).post(`/access-requests/${id}/reject`, {}).expect(400);
    await as(provider).post(`/access-requests/${id}/reject`, { reason: '申请用途与户籍地址无关' }).expect(200);
    await as(tokenA).post(`/access-requests/${id}/withdraw`).expect(409);
    await as(tokenA).post(`/access-requests/${id}/escalate`, { reason: '低保核查需要户籍地址' }).expect(200);
    await as(tokenA).post(`/access-requests/${id}/decide`, { outcome: 'approve', reason: 'x' }).expect(403);
    const refused = await as(operator)
      .post(`/access-requests/${id}/decide`, { outcome: 'refuse', reason: '协调未果' })
      .expect(200);
    expect(refused.body.state).toBe('refused');
    expect(refused.body.history.map((h: { to: string }) => h.to)).toEqual(['pending', 'rejected', 'escalated', 'refused']);
    const attempts: Array<[string, string, object]> = [
      ['approve', provider, {}],
      ['reject', provider, { reason: 'again' }],
      ['withdraw', tokenA, {}],
      ['escalate', tokenA, {}],
      ['revoke', provider, { reason: 'again' }],
    ];
    for (const [action, by, body] of attempts) {
      const response = await as(by).post(`/access-requests/${id}/${action}`, body);
      expect(response.status, action).toBe(409);
    }
  });

  it('lets the consumer withdraw a pending request', async () => {
    const request = await apply(tokenA, { items: ['marital_status'] }).expect(201);
    const withdrawn = await as(tokenA).post(`/access-requests/${request.body.id}/withdraw`).expect(200);
    expect(withdrawn.body.state).toBe('withdrawn');
    await as(provider).post(`/access-requests/${request.body.id}/approve`).expect(409);
  });

  it('lists requests past their deadline for operators', async () => {
    const request = await apply(tokenB, { items: ['household_address'] }).expect(201);
    await db().query(`UPDATE access_requests SET deadline_at = now() - interval '1 day' WHERE id = $1`, [request.body.id]);
    const overdue = await as(operator).get('/access-requests', { overdue: 'true' }).expect(200);
    expect(overdue.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: request.body.id, overdue: true })]));
    const all = overdue.body.items as Array<{ overdue: boolean }>;
    expect(all.every((r) => r.overdue)).toBe(true);
  });
});

describe('grants belong to their consumer', () => {
  let grantOfB: string;
  let requestOfB: string;
  beforeAll(async () => {
    const request = await apply(tokenB, { items: ['household_address'] }).expect(201);
    requestOfB = request.body.id as string;
    const approved = await as(provider).post(`/access-requests/${requestOfB}/approve`).expect(200);
    grantOfB = approved.body.grantId as string;
  });

  it("does not show consumer B's request or grant to consumer A", async () => {
    await as(tokenA).get(`/access-requests/${requestOfB}`).expect(404);
    await as(tokenA).get(`/grants/${grantOfB}`).expect(404);
    const listed = await as(tokenA).get('/grants').expect(200);
    expect(listed.body.items.map((g: { id: string }) => g.id)).not.toContain(grantOfB);
    const asProvider = await as(tokenA).get('/grants', { as: 'provider' }).expect(200);
    expect(asProvider.body.items).toEqual([]);
    await as(tokenB).get(`/grants/${grantOfB}`).expect(200);
    await as(provider).get(`/grants/${grantOfB}`).expect(200);
  });

  it("does not let consumer A read under consumer B's grant or end it", async () => {
    const readB = await entitlement(tokenB, { items: 'household_address' });
    expect(readB.body).toMatchObject({ allowed: true, grantId: grantOfB });
    const readA = await entitlement(tokenA, { items: 'household_address' });
    expect(readA.body.allowed).toBe(false);
    expect(readA.body.reason).not.toBe(undefined);
    const revokeByA = await as(tokenA).post(`/access-requests/${requestOfB}/revoke`, { reason: 'not mine' });
    expect(revokeByA.status).toBe(403);
    expect((await entitlement(tokenB, { items: 'household_address' })).body.allowed).toBe(true);
  });
});

describe('ending grants', () => {
  it('stops reads at once when a grant expires, before any sweep, and the sweep records the expiry', async () => {
    const request = await apply(tokenA, {
      items: ['marital_status'],
      validTo: new Date(Date.now() + 60_000).toISOString(),
    }).expect(201);
    const validTo = new Date(Date.now() + 1500).toISOString();
    await as(provider).post(`/access-requests/${request.body.id}/approve`, { validTo }).expect(200);
    expect((await entitlement(tokenA, { items: 'marital_status' })).body.allowed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(validTo) - Date.now() + 50));
    const after = await entitlement(tokenA, { items: 'marital_status' });
    expect(after.body).toMatchObject({ allowed: false, reason: 'expired' });

    expect(await gateway().app.get(GrantExpiry).sweep()).toBeGreaterThanOrEqual(1);
    const expired = await as(tokenA).get(`/access-requests/${request.body.id}`).expect(200);
    expect(expired.body.state).toBe('expired');
    const events: Array<{ type: string }> = await db().query('SELECT type FROM event_log WHERE subject = $1 ORDER BY seq', [
      request.body.id,
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'cn.gov.hutong.catalog.access-request.submitted.v1',
      'cn.gov.hutong.catalog.access-request.approved.v1',
      'cn.gov.hutong.catalog.access-request.expired.v1',
    ]);
  });

  it('stops reads, and the check every event delivery makes, the moment a grant is revoked', async () => {
    const consumerC = await createAgency(gateway(), operator, { roles: ['consumer'] });
    const request = await apply(await accessToken(gateway(), consumerC), { items: ['marital_status'] }).expect(201);
    await as(provider).post(`/access-requests/${request.body.id}/approve`).expect(200);
    const entitlements = gateway().app.get(EntitlementService);
    const question = {
      principal: { id: consumerC.code, kind: 'agency' as const },
      resourceCode: population,
      items: ['marital_status'],
    };
    expect((await entitlements.check(question))?.allowed).toBe(true);
    await as(provider).post(`/access-requests/${request.body.id}/revoke`, { reason: '用途已完成' }).expect(200);
    const afterRevoke = await entitlements.check(question);
    expect(afterRevoke).toMatchObject({ allowed: false, reason: 'no_grant' });
  });

  it('stops every read of a retired resource', async () => {
    const code = await publishEntry(gateway(), provider, operator, populationEntry({ name: '将退役资源' }));
    const request = await apply(tokenA, { items: ['marital_status'] }, code).expect(201);
    await as(provider).post(`/access-requests/${request.body.id}/approve`).expect(200);
    expect((await entitlement(tokenA, { items: 'marital_status' }, code)).body.allowed).toBe(true);
    const pending = await apply(tokenB, { items: ['household_address'] }, code).expect(201);
    await as(operator).post(`/catalog/resources/${code}/retire`, { reason: '停止维护' }).expect(200);
    const after = await entitlement(tokenA, { items: 'citizen_id' }, code);
    expect(after.body).toMatchObject({ allowed: false, reason: 'resource_retired' });
    await apply(tokenB, { items: ['name'] }, code).expect(409);
    // Nothing stays approved or pending on a retired entry.
    const revoked = await as(tokenA).get(`/access-requests/${request.body.id}`).expect(200);
    expect(revoked.body.state).toBe('revoked');
    const grants = await as(tokenA).get('/grants', { resource: code }).expect(200);
    expect(grants.body.items.map((g: { status: string }) => g.status)).toEqual(['revoked']);
    const refused = await as(tokenB).get(`/access-requests/${pending.body.id}`).expect(200);
    expect(refused.body).toMatchObject({ state: 'refused', decision: { reason: expect.stringContaining('停止维护') } });
  });
});

describe('metering and quotas', () => {
  it('counts reads per consumer and resource per day, and enforces the daily quota of a grant', async () => {
    const request = await apply(tokenA, { items: ['household_address'] }).expect(201);
    await as(provider)
      .post(`/access-requests/${request.body.id}/approve`, { quota: { requestsPerDay: 2 } })
      .expect(200);
    const entitlements = gateway().app.get(EntitlementService);
    const question = {
      principal: { id: consumerA.code, kind: 'agency' as const },
      resourceCode: population,
      items: ['household_address'],
    };
    for (let read = 0; read < 2; read += 1) {
      const decision = await entitlements.check(question);
      if (!decision?.allowed) throw new Error(`read ${read} refused: ${JSON.stringify(decision)}`);
      entitlements.recordRead(consumerA.code, population, decision, 25);
    }
    const third = await entitlements.check(question);
    expect(third).toMatchObject({ allowed: false, reason: 'quota_exceeded' });

    const usage = await as(provider).get('/catalog/usage', { resource: population, consumer: consumerA.code }).expect(200);
    expect(usage.body.items).toEqual([
      expect.objectContaining({ consumer: consumerA.code, resource: population, requests: 2, records: 50 }),
    ]);
    const notMine = await as(otherProvider).get('/catalog/usage', { resource: population }).expect(200);
    expect(notMine.body.items).toEqual([]);
  });
});

describe('reviewer alerts', () => {
  it('flags reads recorded under a grant outside its window or for another purpose, and not those inside it', async () => {
    const request = await apply(tokenA, { items: ['marital_status'], purpose: 'data_verification' }).expect(201);
    const approved = await as(provider).post(`/access-requests/${request.body.id}/approve`).expect(200);
    const grantId = approved.body.grantId as string;
    const writer = gateway().app.get(AuditWriter);
    const read = (purpose: string) =>
      writer.append({
        action: 'GET /registries/population/persons/:id',
        outcome: 'allowed',
        principal: { id: consumerA.code, kind: 'agency' },
        resource: population,
        grantId,
        purpose,
        items: ['marital_status'],
      });
    await read('data_verification');
    const reviewer = await accessToken(gateway(), await createReviewer(gateway(), operator));
    const quiet = await as(reviewer).get('/audit/alerts').expect(200);
    expect(quiet.body.filter((a: { rule: string }) => a.rule === 'outside_grant')).toEqual([]);

    await read('work_reference');
    await as(provider).post(`/access-requests/${request.body.id}/revoke`, { reason: '核验完成' }).expect(200);
    await read('data_verification');
    const alerts = await as(reviewer).get('/audit/alerts').expect(200);
    const mine = alerts.body.filter(
      (a: { rule: string; explanation: string }) => a.rule === 'outside_grant' && a.explanation.includes(grantId),
    );
    expect(mine).toEqual([expect.objectContaining({ principal: consumerA.code, observed: 2 })]);
    expect(mine[0].explanation).toContain('after the grant was revoked');
    expect(mine[0].explanation).toContain('for purpose work_reference');
  });
});

describe('event contracts', () => {
  it('wrote only events that match their published JSON Schema, for every kind of change made above', async () => {
    const events: Array<{ type: string; data: unknown }> = await db().query('SELECT type, data FROM event_log ORDER BY seq');
    const types = new Set(events.map((e) => e.type));
    for (const state of ['submitted', 'approved', 'rejected', 'withdrawn', 'escalated', 'refused', 'revoked', 'expired']) {
      expect(types).toContain(`cn.gov.hutong.catalog.access-request.${state}.v1`);
    }
    for (const event of events) {
      expect(validateEventData(event.type, event.data), `${event.type} ${JSON.stringify(event.data)}`).toEqual({ valid: true });
    }
  });
});

describe.runIf(inject('databaseTemplate').kind === 'postgres')('several gateway instances', () => {
  it('stops reads on another instance the moment a grant is revoked on this one', async () => {
    const second = await startTestGateway({
      shareDatabaseWith: gateway(),
      env: { SIGNING_KEYS_DIR: gateway().config.auth.signingKeysDir, AUDIT_KEYS_DIR: gateway().config.audit.keysDir },
    });
    try {
      const consumerD = await createAgency(gateway(), operator, { roles: ['consumer'] });
      const tokenD = await accessToken(gateway(), consumerD);
      const request = await apply(tokenD, { items: ['household_address'], note: 'two instances' }).expect(201);
      await as(provider).post(`/access-requests/${request.body.id}/approve`).expect(200);
      const onSecond = () =>
        second
          .http()
          .get(`/catalog/resources/${population}/entitlement`)
          .query({ items: 'household_address' })
          .set(bearer(tokenD))
          .expect(200);
      expect((await onSecond()).body.allowed).toBe(true);
      await as(provider).post(`/access-requests/${request.body.id}/revoke`, { reason: 'done' }).expect(200);
      let allowed = true;
      for (let attempt = 0; attempt < 50 && allowed; attempt += 1) {
        allowed = (await onSecond()).body.allowed as boolean;
        if (allowed) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(allowed).toBe(false);
    } finally {
      await second.close();
    }
  });
});
