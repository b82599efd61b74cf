import { generateKeyPairSync } from 'node:crypto';
import { generateSigningKey, publicJwkOf } from '@hutong/identity';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accessToken,
  agencyCreditCode,
  bearer,
  createAgency,
  createOperator,
  type TestPrincipal,
} from '../../support/identity-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();
let operatorToken: string;

beforeAll(async () => {
  operatorToken = await accessToken(gateway(), await createOperator(gateway()));
});

const admin = () => ({
  post: (path: string, body: object) => gateway().http().post(path).set(bearer(operatorToken)).send(body),
  patch: (path: string, body: object, headers: Record<string, string> = {}) =>
    gateway().http().patch(path).set(bearer(operatorToken)).set(headers).send(body),
  get: (path: string, query: Record<string, string> = {}) => gateway().http().get(path).query(query).set(bearer(operatorToken)),
});

describe('agency register', () => {
  let province: string;
  let city: string;

  beforeAll(async () => {
    province = agencyCreditCode('440000');
    city = agencyCreditCode('440100');
    await admin()
      .post('/admin/agencies', {
        code: province,
        name: '广东省政务服务和数据管理局',
        level: 'province',
        divisionCode: '440000',
        roles: ['provider', 'consumer'],
      })
      .expect(201);
    const created = await admin()
      .post('/admin/agencies', {
        code: city,
        name: '广州市公安局',
        level: 'city',
        parentCode: province,
        divisionCode: '440100',
        roles: ['provider'],
        contact: { name: '张科长', phone: '020-83118888', email: 'data@gzga.example.gov.cn' },
      })
      .expect(201);
    expect(created.headers.location).toBe(`/admin/agencies/${city}`);
    expect(created.body).toMatchObject({
      code: city,
      status: 'active',
      divisionName: '广州市',
      parentCode: province,
      version: 1,
    });
  });

  it('finds an agency by simplified or traditional name and by code', async () => {
    for (const q of ['广州市公安', '廣州市公安', '公安局', city]) {
      const page = await admin().get('/admin/agencies', { q }).expect(200);
      expect(
        page.body.items.map((a: { code: string }) => a.code),
        q,
      ).toContain(city);
    }
  });

  it('filters by level and parent, and pages with a cursor', async () => {
    const children = await admin().get('/admin/agencies', { parent: province }).expect(200);
    expect(children.body.items.map((a: { code: string }) => a.code)).toEqual([city]);
    const provinces = await admin().get('/admin/agencies', { level: 'province', division: '44' }).expect(200);
    expect(provinces.body.items.map((a: { code: string }) => a.code)).toContain(province);
    const first = await admin().get('/admin/agencies', { limit: '1' }).expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await admin()
      .get('/admin/agencies', { limit: '1', cursor: first.body.nextCursor as string })
      .expect(200);
    expect(second.body.items[0].code).not.toBe(first.body.items[0].code);
  });

  it('keeps the old name as an alias after a rename, so searches by the old name still find it', async () => {
    const code = agencyCreditCode('440100');
    await admin()
      .post('/admin/agencies', { code, name: '广州市信息化办公室', level: 'city', divisionCode: '440100', roles: ['consumer'] })
      .expect(201);
    const renamed = await admin().patch(`/admin/agencies/${code}`, { name: '广州市政务服务数据管理局' }).expect(200);
    expect(renamed.body.aliases).toEqual([expect.objectContaining({ name: '广州市信息化办公室', reason: 'renamed' })]);
    expect(renamed.body.aliases[0].validTo).not.toBeNull();
    const byOldName = await admin().get('/admin/agencies', { q: '廣州市信息化' }).expect(200);
    expect(byOldName.body.items.map((a: { code: string }) => a.code)).toContain(code);
  });

  it('merges a retired agency into its successor, which inherits its names', async () => {
    const merged = agencyCreditCode('440100');
    await admin()
      .post('/admin/agencies', {
        code: merged,
        name: '广州市统计信息中心',
        level: 'city',
        divisionCode: '440100',
        roles: ['consumer'],
      })
      .expect(201);
    await admin().patch(`/admin/agencies/${merged}`, { status: 'retired', successorCode: city }).expect(200);
    const found = await admin().get('/admin/agencies', { q: '统计信息中心', status: 'active' }).expect(200);
    expect(found.body.items.map((a: { code: string }) => a.code)).toEqual([city]);
    const again = await admin().patch(`/admin/agencies/${merged}`, { status: 'active' }).expect(409);
    expect(again.body).toMatchObject({ code: 'invalid_status_transition' });
  });

  it('refuses a lost update with 412 when If-Match names an old version', async () => {
    const current = await admin().get(`/admin/agencies/${city}`).expect(200);
    const etag = current.headers.etag as string;
    await admin()
      .patch(`/admin/agencies/${city}`, { contact: { name: '李科长' } }, { 'if-match': etag })
      .expect(200);
    const stale = await admin()
      .patch(`/admin/agencies/${city}`, { contact: { name: '王科长' } }, { 'if-match': etag })
      .expect(412);
    expect(stale.body).toMatchObject({ code: 'version_mismatch' });
  });

  it('refuses invalid agencies with the field and the reason', async () => {
    const badCheck = await admin()
      .post('/admin/agencies', {
        code: `${city.slice(0, 17)}${city.endsWith('0') ? '1' : '0'}`,
        name: 'x',
        level: 'city',
        divisionCode: '440100',
        roles: ['consumer'],
      })
      .expect(400);
    expect(badCheck.body.errors).toEqual([expect.objectContaining({ field: 'code', rule: 'isCreditCode' })]);
    expect(badCheck.body.errors[0].message).toContain('bad_check_digit');
    const bad = await admin()
      .post('/admin/agencies', {
        code: agencyCreditCode(),
        name: '',
        level: 'county',
        divisionCode: '999999',
        roles: ['admin'],
        extra: 1,
      })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'divisionCode',
      'extra',
      'level',
      'name',
      'roles',
    ]);
    const upsideDown = await admin()
      .post('/admin/agencies', {
        code: agencyCreditCode('440000'),
        name: '上级',
        level: 'province',
        parentCode: city,
        divisionCode: '440000',
        roles: ['consumer'],
      })
      .expect(422);
    expect(upsideDown.body).toMatchObject({ code: 'invalid_parent' });
    const elsewhere = await admin()
      .post('/admin/agencies', {
        code: agencyCreditCode('510100'),
        name: '成都市统计局',
        level: 'city',
        parentCode: province,
        divisionCode: '510100',
        roles: ['consumer'],
      })
      .expect(422);
    expect(elsewhere.body.detail).toContain('does not contain division 510100');
    const duplicate = await admin()
      .post('/admin/agencies', { code: city, name: '重复', level: 'city', divisionCode: '440100', roles: ['consumer'] })
      .expect(409);
    expect(duplicate.body).toMatchObject({ code: 'principal_exists' });
    await admin().get(`/admin/agencies/${agencyCreditCode()}`).expect(404);
  });
});

describe('key registration', () => {
  let agency: TestPrincipal;
  beforeAll(async () => {
    agency = await createAgency(gateway(), operatorToken);
  });
  const register = (jwk: unknown, extra: object = {}) => admin().post(`/admin/agencies/${agency.code}/keys`, { jwk, ...extra });

  it('refuses a key upload that carries private parts, and does not echo them', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const response = await register(jwk).expect(400);
    expect(response.body).toMatchObject({ type: '/problems/key-rejected', code: 'private_key_material' });
    expect(JSON.stringify(response.body)).not.toContain(jwk.d as string);
    expect(gateway().logs.text).not.toContain(jwk.d as string);
  });

  it('refuses a 1024-bit RSA key, a symmetric key, other curves and RS256', async () => {
    const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    expect((await register(rsa1024).expect(400)).body).toMatchObject({ code: 'rsa_key_too_small' });
    expect((await register({ kty: 'oct', k: 'c2VjcmV0' }).expect(400)).body).toMatchObject({ code: 'symmetric_key' });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' });
    expect((await register(p384).expect(400)).body).toMatchObject({ code: 'unsupported_curve' });
    const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    expect((await register({ ...rsa2048, alg: 'RS256' }).expect(400)).body).toMatchObject({ code: 'unsupported_algorithm' });
    expect((await register({ kty: 'XYZ' }).expect(400)).body).toMatchObject({ code: 'unsupported_key_type' });
  });

  it('accepts PS256 RSA ≥ 2048 and Ed25519 keys, with the RFC 7638 thumbprint as default kid', async () => {
    const rsa = await register(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' })).expect(
      201,
    );
    expect(rsa.body).toMatchObject({ alg: 'PS256', status: 'active' });
    expect(rsa.body.kid).toBe(rsa.body.thumbprint);
    const ed = await generateSigningKey('EdDSA');
    const created = await register({ ...publicJwkOf(ed), kid: 'ed-2026' }).expect(201);
    expect(created.body).toMatchObject({ kid: 'ed-2026', alg: 'EdDSA' });
    expect((await register(publicJwkOf(ed)).expect(409)).body).toMatchObject({ code: 'key_registered_elsewhere' });
  });

  it('rotates with overlap: old and new keys both work until the old one is revoked', async () => {
    const next = await generateSigningKey('ES256');
    const staged = await register(publicJwkOf(next), { notBefore: new Date(Date.now() + 3_600_000).toISOString() }).expect(201);
    expect(staged.body.status).toBe('pending');
    await expect(accessToken(gateway(), { code: agency.code, key: next })).rejects.toThrow();
    const fresh = await generateSigningKey('ES256');
    await register(publicJwkOf(fresh)).expect(201);
    const oldToken = await accessToken(gateway(), agency);
    const newToken = await accessToken(gateway(), { code: agency.code, key: fresh });
    await gateway().http().delete(`/admin/agencies/${agency.code}/keys/${agency.key.kid}`).set(bearer(operatorToken)).expect(200);
    await gateway().http().get('/me').set(bearer(newToken)).expect(200);
    await gateway().http().get('/me').set(bearer(oldToken)).expect(401);
    const keys = await admin().get(`/admin/agencies/${agency.code}/keys`).expect(200);
    expect(keys.body.items.find((k: { kid: string }) => k.kid === agency.key.kid)).toMatchObject({ status: 'revoked' });
    await gateway().http().delete(`/admin/agencies/${agency.code}/keys/no-such-kid`).set(bearer(operatorToken)).expect(404);
  });

  it("lets a principal rotate its own key through /me/keys with a token that asked for it, but not anyone else's", async () => {
    const self = await createAgency(gateway(), operatorToken);
    const everyday = await accessToken(gateway(), self);
    const next = await generateSigningKey('ES256');
    const refused = await gateway()
      .http()
      .post('/me/keys')
      .set(bearer(everyday))
      .send({ jwk: publicJwkOf(next) })
      .expect(403);
    expect(refused.body).toMatchObject({ code: 'insufficient_scope' });
    const token = await accessToken(gateway(), self, 'keys');
    await gateway()
      .http()
      .post('/me/keys')
      .set(bearer(token))
      .send({ jwk: publicJwkOf(next) })
      .expect(201);
    const mine = await gateway().http().get('/me/keys').set(bearer(token)).expect(200);
    expect(mine.body.items).toHaveLength(2);
    await gateway().http().delete(`/me/keys/${agency.key.kid}`).set(bearer(token)).expect(404);
  });
});

describe('hostile input never reaches the database or crashes a request', () => {
  it('refuses NUL characters in paths, queries, cursors and bodies with 400', async () => {
    await admin().get('/admin/agencies/%00').expect(400);
    await admin().get('/admin/agencies', { q: 'a\u0000b' }).expect(400);
    await admin().get('/admin/agencies', { cursor: 'AA' }).expect(400);
    const named = await admin()
      .post('/admin/agencies', {
        code: agencyCreditCode(),
        name: 'a\u0000b',
        level: 'city',
        divisionCode: '440100',
        roles: ['consumer'],
      })
      .expect(400);
    expect(named.body.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'no_nul' })]);
  });

  it('refuses deeply nested and very wide JSON bodies quickly instead of stalling or overflowing', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i += 1) deep = { a: deep };
    const nested = await admin().post('/admin/agencies', { code: agencyCreditCode(), contact: deep });
    expect(nested.status).toBe(400);
    const wide = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, i]));
    const started = Date.now();
    const response = await admin().post(`/admin/agencies/${agencyCreditCode()}/keys`, { jwk: wide });
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('more than 10000 members');
    // Not a performance threshold: a refusal that walked the whole body through class-transformer took seconds.
    expect(Date.now() - started).toBeLessThan(30_000);
    await gateway().http().get('/health/live').expect(200);
  });

  it('keeps the key limit under concurrent registrations', async () => {
    const agency = await createAgency(gateway(), operatorToken);
    const keys = await Promise.all(Array.from({ length: 14 }, () => generateSigningKey('ES256')));
    const responses = await Promise.all(
      keys.map((key) => admin().post(`/admin/agencies/${agency.code}/keys`, { jwk: publicJwkOf(key) })),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(9);
    expect(responses.filter((r) => r.status === 400).every((r) => r.body.code === 'too_many_keys')).toBe(true);
  });
});

describe('reserved principal codes', () => {
  it('refuses operators and reviewers named after Hutong itself, which histories use for automatic steps', async () => {
    for (const collection of ['operators', 'reviewers']) {
      const response = await admin().post(`/admin/${collection}`, { code: 'system', name: '系统' });
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toMatchObject({ field: 'code', rule: 'isNotIn' });
    }
  });
});
