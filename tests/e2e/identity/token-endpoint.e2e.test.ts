import { createHmac, randomUUID } from 'node:crypto';
import { generateSigningKey } from '@hutong/identity';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accessToken,
  clientAssertion,
  createAgency,
  createOperator,
  JWT_BEARER,
  requestToken,
  type TestPrincipal,
} from '../../support/identity-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway({ env: { ACCESS_TOKEN_TTL_SECONDS: '420' } });

let operatorToken: string;
let agencyA: TestPrincipal;
let agencyB: TestPrincipal;

beforeAll(async () => {
  operatorToken = await accessToken(gateway(), await createOperator(gateway()));
  agencyA = await createAgency(gateway(), operatorToken, { roles: ['consumer'] });
  agencyB = await createAgency(gateway(), operatorToken, { roles: ['provider'] });
});

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An assertion for `client`, signed with `key`, with any claim overridden. */
function assertion(
  client: string,
  key: TestPrincipal['key'],
  overrides: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: client,
    sub: client,
    aud: gateway().config.auth.tokenEndpoint,
    iat: now,
    exp: now + 60,
    jti: randomUUID(),
    ...overrides,
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}

function exchange(clientAssertionValue: string, extra: Record<string, string> = {}) {
  return requestToken(gateway(), {
    grant_type: 'client_credentials',
    client_assertion_type: JWT_BEARER,
    client_assertion: clientAssertionValue,
    ...extra,
  });
}

function expectOAuthError(
  response: Awaited<ReturnType<typeof exchange>>,
  error: string,
  code: string,
  status = error === 'invalid_client' ? 401 : 400,
) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers['content-type']).toContain('application/json');
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.body).toMatchObject({ error, code, type: '/problems/oauth-error' });
  expect(typeof response.body.error_description).toBe('string');
}

describe('POST /oauth2/token', () => {
  it('issues an RFC 9068 access token for a valid private_key_jwt assertion', async () => {
    const response = await exchange(await clientAssertion(gateway(), agencyA)).expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 420, scope: 'catalog exchange data.read' });
    const token = response.body.access_token as string;
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ typ: 'at+jwt', alg: 'ES256' });
    const jwks = (await gateway().http().get('/.well-known/jwks.json').expect(200)).body as { keys: Array<{ kid: string }> };
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: gateway().config.auth.issuer,
      sub: agencyA.code,
      aud: gateway().config.auth.audience,
      client_id: agencyA.code,
      principal_kind: 'agency',
      client_key_id: agencyA.key.kid,
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(420);
    expect(typeof claims.jti).toBe('string');
  });

  it('grants requested ∩ allowed scopes and refuses a request for nothing allowed', async () => {
    const narrowed = await exchange(await clientAssertion(gateway(), agencyA), { scope: 'catalog data.write' }).expect(200);
    expect(narrowed.body.scope).toBe('catalog');
    expectOAuthError(
      await exchange(await clientAssertion(gateway(), agencyA), { scope: 'admin audit' }),
      'invalid_scope',
      'scope_not_allowed',
    );
    expectOAuthError(
      await exchange(await clientAssertion(gateway(), agencyA), { scope: 'everything' }),
      'invalid_scope',
      'unknown_scope',
    );
  });

  it('refuses an assertion replayed with the same jti', async () => {
    const once = await clientAssertion(gateway(), agencyA);
    await exchange(once).expect(200);
    expectOAuthError(await exchange(once), 'invalid_client', 'assertion_replayed');
  });

  it('refuses an assertion signed by agency A that claims to be agency B', async () => {
    expectOAuthError(await exchange(await assertion(agencyB.code, agencyA.key)), 'invalid_client', 'unknown_key');
    expectOAuthError(
      await exchange(await assertion(agencyB.code, agencyA.key, {}, { kid: agencyB.key.kid })),
      'invalid_client',
      'bad_signature',
    );
    expectOAuthError(
      await exchange(await assertion(agencyA.code, agencyA.key, { sub: agencyB.code })),
      'invalid_client',
      'subject_mismatch',
    );
    expectOAuthError(
      await exchange(await clientAssertion(gateway(), agencyA), { client_id: agencyB.code }),
      'invalid_client',
      'client_id_mismatch',
    );
  });

  it('refuses an assertion for another audience', async () => {
    expectOAuthError(
      await exchange(await assertion(agencyA.code, agencyA.key, { aud: 'https://elsewhere.example.gov.cn/oauth2/token' })),
      'invalid_client',
      'wrong_audience',
    );
  });

  it('refuses expired, far-future and too-long-lived assertions', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectOAuthError(
      await exchange(await assertion(agencyA.code, agencyA.key, { iat: now - 600, exp: now - 120 })),
      'invalid_client',
      'assertion_expired',
    );
    expectOAuthError(
      await exchange(await assertion(agencyA.code, agencyA.key, { exp: now + 3600 })),
      'invalid_client',
      'assertion_lifetime_too_long',
    );
    expectOAuthError(
      await exchange(await assertion(agencyA.code, agencyA.key, { iat: now + 300, exp: now + 320 })),
      'invalid_client',
      'issued_in_future',
    );
  });

  it('refuses assertions without a usable jti', async () => {
    expectOAuthError(
      await exchange(await assertion(agencyA.code, agencyA.key, { jti: 'short' })),
      'invalid_client',
      'invalid_jti',
    );
  });

  it('refuses an unsigned (alg none) or HMAC-signed assertion', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: agencyA.code,
      sub: agencyA.code,
      aud: gateway().config.auth.tokenEndpoint,
      iat: now,
      exp: now + 60,
      jti: randomUUID(),
    };
    expectOAuthError(
      await exchange(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`),
      'invalid_client',
      'disallowed_algorithm',
    );
    const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: agencyA.key.kid })}.${b64(claims)}`;
    const mac = createHmac('sha256', JSON.stringify(agencyA.key.publicJwk)).update(input).digest('base64url');
    expectOAuthError(await exchange(`${input}.${mac}`), 'invalid_client', 'disallowed_algorithm');
  });

  it('refuses an assertion whose iss is not a principal code (NUL, spaces) without touching the database', async () => {
    const stranger = await generateSigningKey('ES256');
    for (const iss of ['a\u0000b', 'has space', '']) {
      expectOAuthError(await exchange(await assertion(iss, stranger)), 'invalid_client', 'invalid_issuer');
    }
  });

  it('refuses a key it does not know and a client it does not know', async () => {
    const stranger = await generateSigningKey('ES256');
    expectOAuthError(await exchange(await assertion(agencyA.code, stranger)), 'invalid_client', 'unknown_key');
    expectOAuthError(await exchange(await assertion('ghost-client', stranger)), 'invalid_client', 'unknown_client');
  });

  it('refuses a revoked key and a suspended client', async () => {
    const subject = await createAgency(gateway(), operatorToken);
    await gateway()
      .http()
      .delete(`/admin/agencies/${subject.code}/keys/${subject.key.kid}`)
      .set('authorization', `Bearer ${operatorToken}`)
      .expect(200);
    expectOAuthError(await exchange(await clientAssertion(gateway(), subject)), 'invalid_client', 'unknown_key');
    const suspended = await createAgency(gateway(), operatorToken);
    await gateway()
      .http()
      .patch(`/admin/agencies/${suspended.code}`)
      .set('authorization', `Bearer ${operatorToken}`)
      .send({ status: 'suspended' })
      .expect(200);
    expectOAuthError(await exchange(await clientAssertion(gateway(), suspended)), 'invalid_client', 'client_inactive');
  });

  it('answers RFC 6749 errors for wrong grant types and missing client authentication', async () => {
    expectOAuthError(
      await requestToken(gateway(), { grant_type: 'password', username: 'a', password: 'b' }),
      'unsupported_grant_type',
      'unsupported_grant_type',
    );
    expectOAuthError(
      await requestToken(gateway(), { grant_type: 'client_credentials' }),
      'invalid_client',
      'client_authentication_required',
    );
    expectOAuthError(await requestToken(gateway(), {}), 'invalid_request', 'missing_grant_type');
    const repeated = await gateway()
      .http()
      .post('/oauth2/token')
      .type('form')
      .send('grant_type=client_credentials&grant_type=client_credentials');
    expectOAuthError(repeated, 'invalid_request', 'repeated_parameter');
  });

  it('survives a flood of garbage forms without a single server error', async () => {
    const garbage: Array<string | Record<string, string>> = [
      'client_assertion=%%%%',
      '=&&==&',
      'grant_type[]=client_credentials',
      'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=a.b.c',
      `grant_type=client_credentials&client_assertion_type=${encodeURIComponent(JWT_BEARER)}&client_assertion=${'A'.repeat(20_000)}`,
      `grant_type=client_credentials&client_assertion_type=${encodeURIComponent(JWT_BEARER)}&client_assertion=${b64({ alg: 'ES256' })}.${b64('not an object')}.x`,
      `grant_type=client_credentials&client_assertion_type=${encodeURIComponent(JWT_BEARER)}&client_assertion=${b64({ alg: 'ES256' })}.${b64({ iss: 42 })}.x`,
      `grant_type=client_credentials&client_assertion_type=${encodeURIComponent(JWT_BEARER)}&client_assertion=${b64({ alg: 'ES256', kid: { a: 1 } })}.${b64({ iss: agencyA.code })}.x`,
      '\u0000\u0001\u0002',
      'a=' + '%E4%B8%AD'.repeat(1000),
    ];
    for (let round = 0; round < 20; round += 1) {
      for (const body of garbage) {
        const response = await gateway()
          .http()
          .post('/oauth2/token')
          .set('content-type', 'application/x-www-form-urlencoded')
          .send(body);
        expect(response.status, `${JSON.stringify(body).slice(0, 60)} → ${JSON.stringify(response.body)}`).toBeGreaterThanOrEqual(
          400,
        );
        expect(response.status).toBeLessThan(500);
      }
    }
    const json = await gateway().http().post('/oauth2/token').send({ grant_type: 'client_credentials' });
    expect(json.status).toBe(415);
    await gateway().http().get('/health/live').expect(200);
  });
});

describe('discovery', () => {
  it('publishes RFC 8414 metadata that matches the token endpoint and JWKS', async () => {
    const metadata = (await gateway().http().get('/.well-known/oauth-authorization-server').expect(200)).body;
    expect(metadata).toMatchObject({
      issuer: gateway().config.auth.issuer,
      token_endpoint: gateway().config.auth.tokenEndpoint,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    });
    expect(metadata.jwks_uri).toBe(`${gateway().config.auth.issuer}/.well-known/jwks.json`);
  });

  it('publishes only public key members in the JWKS', async () => {
    const response = await gateway().http().get('/.well-known/jwks.json').expect(200);
    expect(response.headers['content-type']).toContain('application/jwk-set+json');
    for (const key of response.body.keys as Array<Record<string, string>>) {
      expect(key).toMatchObject({ use: 'sig' });
      expect(key).not.toHaveProperty('d');
    }
  });
});
