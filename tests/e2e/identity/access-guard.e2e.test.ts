import { createHmac, randomUUID } from 'node:crypto';
import { generateSigningKey, publicJwkOf, readKeyDirectory, type GatewaySigningKey } from '@hutong/identity';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accessToken,
  bearer,
  clientAssertion,
  createAgency,
  createOperator,
  type TestPrincipal,
} from '../../support/identity-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();

let operator: TestPrincipal;
let operatorToken: string;
let agency: TestPrincipal;
let gatewayKey: GatewaySigningKey;

beforeAll(async () => {
  operator = await createOperator(gateway());
  operatorToken = await accessToken(gateway(), operator);
  agency = await createAgency(gateway(), operatorToken, { roles: ['consumer', 'provider'] });
  const [first] = await readKeyDirectory(gateway().config.auth.signingKeysDir);
  if (!first) throw new Error('the test gateway has no signing key');
  gatewayKey = first;
});

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Claims exactly as the gateway issues them, for the agency. */
function agencyClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const { issuer, audience } = gateway().config.auth;
  return {
    iss: issuer,
    sub: agency.code,
    aud: audience,
    iat: now,
    nbf: now,
    exp: now + 300,
    jti: randomUUID(),
    client_id: agency.code,
    scope: 'catalog exchange data.read data.write',
    principal_kind: 'agency',
    client_key_id: agency.key.kid,
    ...overrides,
  };
}

/** A token signed with the gateway's real signing key: only the claims under test are wrong. */
function mintWithGatewayKey(overrides: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  if (!gatewayKey) throw new Error('no gateway key');
  return new SignJWT(agencyClaims(overrides))
    .setProtectedHeader({ alg: gatewayKey.alg, kid: gatewayKey.kid, typ: 'at+jwt', ...header })
    .sign(gatewayKey.privateKey);
}

async function expectRefused(token: string, code: string, path = '/me'): Promise<void> {
  const response = await gateway().http().get(path).set(bearer(token));
  expect(response.status, JSON.stringify(response.body)).toBe(401);
  expect(response.body).toMatchObject({ type: '/problems/invalid-token', status: 401, code });
  expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  expect(response.headers['content-type']).toContain('application/problem+json');
}

describe('bearer token verification', () => {
  it('accepts a token the gateway issued and tells the caller who it is', async () => {
    const token = await accessToken(gateway(), agency);
    const response = await gateway().http().get('/me').set(bearer(token)).expect(200);
    expect(response.body).toMatchObject({ code: agency.code, kind: 'agency', clientKeyId: agency.key.kid });
  });

  it('accepts a token minted with the same claims and key (the forging helper itself is sound)', async () => {
    await gateway()
      .http()
      .get('/me')
      .set(bearer(await mintWithGatewayKey({})))
      .expect(200);
  });

  it('refuses a request with no token, telling the client how to authenticate', async () => {
    const response = await gateway().http().get('/me').expect(401);
    expect(response.body).toMatchObject({ code: 'missing_token' });
    expect(response.headers['www-authenticate']).toBe('Bearer realm="hutong"');
  });

  it('refuses a non-Bearer Authorization scheme', async () => {
    const response = await gateway()
      .http()
      .get('/me')
      .set('authorization', `Basic ${Buffer.from('a:b').toString('base64')}`)
      .expect(401);
    expect(response.body).toMatchObject({ code: 'missing_token' });
  });

  it('refuses alg "none" (an unsigned token with valid-looking claims)', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'at+jwt', kid: gatewayKey?.kid })}.${b64(agencyClaims())}.`;
    await expectRefused(unsigned, 'disallowed_algorithm');
  });

  it("refuses HS256 signed with the gateway's public key as the HMAC secret (algorithm confusion)", async () => {
    const jwks = (await gateway().http().get('/.well-known/jwks.json').expect(200)).body as {
      keys: Array<Record<string, string>>;
    };
    const publicJwk = jwks.keys[0];
    const signingInput = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: publicJwk?.kid })}.${b64(agencyClaims())}`;
    for (const secret of [
      JSON.stringify(publicJwk),
      gatewayKey?.publicKey.export({ format: 'pem', type: 'spki' }).toString() ?? '',
    ]) {
      const signature = createHmac('sha256', secret).update(signingInput).digest('base64url');
      await expectRefused(`${signingInput}.${signature}`, 'disallowed_algorithm');
    }
  });

  it('refuses a token signed by a key the gateway does not know', async () => {
    const stranger = await generateSigningKey('ES256');
    const token = await new SignJWT(agencyClaims())
      .setProtectedHeader({ alg: 'ES256', kid: stranger.kid, typ: 'at+jwt' })
      .sign(stranger.privateKey);
    await expectRefused(token, 'unknown_key');
  });

  it("refuses a token signed by another key that claims the gateway's kid", async () => {
    const stranger = await generateSigningKey('ES256');
    const token = await new SignJWT(agencyClaims())
      .setProtectedHeader({ alg: 'ES256', kid: gatewayKey?.kid ?? '', typ: 'at+jwt' })
      .sign(stranger.privateKey);
    await expectRefused(token, 'bad_signature');
  });

  it('refuses a token whose payload was altered after signing', async () => {
    const token = await accessToken(gateway(), agency, 'catalog');
    const [header, , signature] = token.split('.');
    const elevated = b64({ ...agencyClaims(), scope: 'catalog admin audit', principal_kind: 'operator' });
    await expectRefused(`${header}.${elevated}.${signature}`, 'bad_signature');
  });

  it('refuses a token from another issuer', async () => {
    await expectRefused(await mintWithGatewayKey({ iss: 'https://other-gateway.example.gov.cn' }), 'wrong_issuer');
  });

  it('refuses a token meant for another audience', async () => {
    await expectRefused(await mintWithGatewayKey({ aud: 'https://another-api.example.gov.cn' }), 'wrong_audience');
  });

  it('refuses an expired token (beyond the 30 s clock skew)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await mintWithGatewayKey({ iat: now - 400, nbf: now - 400, exp: now - 60 }), 'expired');
  });

  it('refuses a token that is not valid yet (beyond the skew)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await mintWithGatewayKey({ nbf: now + 120, exp: now + 400 }), 'not_yet_valid');
  });

  it('refuses a token that is not an access token (a client assertion presented as bearer)', async () => {
    await expectRefused(await clientAssertion(gateway(), agency), 'wrong_token_type');
  });

  it('refuses a gateway-signed token that lacks the principal claims', async () => {
    await expectRefused(await mintWithGatewayKey({ client_id: 'someone-else' }), 'invalid_claims');
  });

  it('refuses garbage in the Authorization header without a server error', async () => {
    for (const junk of ['x', 'a.b', '....', 'eyJ.eyJ.sig', `${'A'.repeat(9000)}.b.c`]) {
      const response = await gateway().http().get('/me').set('authorization', `Bearer ${junk}`);
      expect(response.status).toBe(401);
    }
  });
});

describe('revocation and suspension take effect on the next request', () => {
  it('a suspended agency is refused at once, and admitted again after reactivation', async () => {
    const subject = await createAgency(gateway(), operatorToken);
    const token = await accessToken(gateway(), subject);
    await gateway().http().get('/me').set(bearer(token)).expect(200);
    await gateway()
      .http()
      .patch(`/admin/agencies/${subject.code}`)
      .set(bearer(operatorToken))
      .send({ status: 'suspended' })
      .expect(200);
    await expectRefused(token, 'principal_inactive');
    await gateway()
      .http()
      .patch(`/admin/agencies/${subject.code}`)
      .set(bearer(operatorToken))
      .send({ status: 'active' })
      .expect(200);
    await gateway().http().get('/me').set(bearer(token)).expect(200);
  });

  it('a token obtained with a key that is then revoked stops working', async () => {
    const subject = await createAgency(gateway(), operatorToken);
    const token = await accessToken(gateway(), subject);
    await gateway().http().get('/me').set(bearer(token)).expect(200);
    await gateway()
      .http()
      .delete(`/admin/agencies/${subject.code}/keys/${subject.key.kid}`)
      .set(bearer(operatorToken))
      .expect(200);
    await expectRefused(token, 'key_revoked');
  });
});

describe('role changes narrow live tokens', () => {
  it('an agency that stops being a provider loses data.write on the token it already holds', async () => {
    const subject = await createAgency(gateway(), operatorToken, { roles: ['provider', 'consumer'] });
    const token = await accessToken(gateway(), subject);
    const before = await gateway().http().get('/me/token').set(bearer(token)).expect(200);
    expect(before.body.scopes).toContain('data.write');
    await gateway()
      .http()
      .patch(`/admin/agencies/${subject.code}`)
      .set(bearer(operatorToken))
      .send({ roles: ['consumer'] })
      .expect(200);
    const after = await gateway().http().get('/me/token').set(bearer(token)).expect(200);
    expect(after.body.scopes).not.toContain('data.write');
    expect(after.body.scopes).toContain('data.read');
  });
});

describe('roles are separate', () => {
  it('an operator cannot call an agency route', async () => {
    const response = await gateway().http().get('/directory/agencies').set(bearer(operatorToken)).expect(403);
    expect(response.body).toMatchObject({ type: '/problems/access-denied', code: 'wrong_principal_kind' });
  });

  it('an agency cannot call an admin route, read or write', async () => {
    const token = await accessToken(gateway(), agency);
    for (const call of [
      gateway().http().get('/admin/agencies'),
      gateway().http().post('/admin/operators').send({ code: 'ops-mallory', name: 'Mallory' }),
      gateway().http().delete(`/admin/operators/${operator.code}/keys/${operator.key.kid}`),
      gateway()
        .http()
        .patch(`/admin/agencies/${agency.code}`)
        .send({ status: 'active', roles: ['provider', 'consumer'] }),
    ]) {
      const response = await call.set(bearer(token));
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'wrong_principal_kind' });
    }
  });

  it('an agency token without the needed scope is refused with insufficient_scope', async () => {
    const token = await accessToken(gateway(), agency, 'exchange');
    const response = await gateway().http().get('/directory/agencies').set(bearer(token)).expect(403);
    expect(response.body).toMatchObject({ code: 'insufficient_scope' });
    expect(response.headers['www-authenticate']).toContain('error="insufficient_scope"');
  });

  it('an agency with the catalog scope can search the directory, which shows no contact details', async () => {
    const token = await accessToken(gateway(), agency, 'catalog');
    const response = await gateway().http().get('/directory/agencies').query({ q: agency.code }).set(bearer(token)).expect(200);
    expect(response.body.items).toHaveLength(1);
    expect(response.body.items[0]).not.toHaveProperty('contact');
  });

  it('a reviewer cannot call admin routes', async () => {
    const reviewer = await gateway()
      .http()
      .post('/admin/reviewers')
      .set(bearer(operatorToken))
      .send({ code: 'audit-li', name: '李审计' })
      .expect(201);
    const key = await generateSigningKey('EdDSA');
    await gateway()
      .http()
      .post(`/admin/reviewers/${reviewer.body.code}/keys`)
      .set(bearer(operatorToken))
      .send({ jwk: publicJwkOf(key) })
      .expect(201);
    const token = await accessToken(gateway(), { code: 'audit-li', key });
    const me = await gateway().http().get('/me').set(bearer(token)).expect(200);
    expect(me.body.scopes).toEqual(['audit']);
    await gateway().http().get('/admin/agencies').set(bearer(token)).expect(403);
  });
});

describe('secrets stay out of the logs', () => {
  it('never logs an access token or a client assertion', async () => {
    const assertion = await clientAssertion(gateway(), agency);
    const token = await accessToken(gateway(), agency);
    await gateway().http().get('/me').set(bearer(token)).expect(200);
    await gateway()
      .http()
      .get('/me')
      .set(bearer(`${token}x`));
    const logs = gateway().logs.text;
    expect(logs).not.toContain(token.split('.')[2]);
    expect(logs).not.toContain(assertion.split('.')[2]);
    expect(logs).toContain(agency.code);
  });
});
