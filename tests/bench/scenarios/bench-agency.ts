import { buildCreditCode } from '@hutong/gb-codes';
import { clientAssertionGrant, generateSigningKey, publicJwkOf, signClientAssertion } from '@hutong/identity';
import type { RunningGateway } from '../gateway-process';

/** A JSON call to the gateway that must answer `expected`; returns the body. */
export async function call<T>(
  gateway: RunningGateway,
  token: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  expected: number,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} (expected ${expected}) ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

let serial = 10_000_000 + Math.floor(Math.random() * 80_000_000);

/**
 * An agency registered through the API by an operator, with a key pair registered for it, and an
 * access token from the real private_key_jwt exchange — as tests/support/identity-fixtures.ts does
 * (which cannot be imported here: it uses vitest's expect).
 */
export async function benchAgency(
  gateway: RunningGateway,
  operatorToken: string,
  input: { roles: string[]; divisionCode: string },
): Promise<BenchAgency> {
  serial += 1;
  const code = buildCreditCode({
    registrationAuthority: '1',
    entityCategory: '1',
    divisionCode: input.divisionCode,
    organizationBody: String(serial),
  });
  await call(gateway, operatorToken, 'POST', '/admin/agencies', 201, {
    code,
    name: `基准测试机构${code.slice(-6)}`,
    level: 'city',
    divisionCode: input.divisionCode,
    roles: input.roles,
  });
  const key = await generateSigningKey('ES256');
  await call(gateway, operatorToken, 'POST', `/admin/agencies/${code}/keys`, 201, { jwk: publicJwkOf(key) });
  const renew = () => accessTokenOf(gateway, code, key);
  return { code, token: await renew(), renew };
}

/** An agency of a benchmark: its code, a token, and a way to get a fresh one (an import may outlast a token). */
export interface BenchAgency {
  readonly code: string;
  readonly token: string;
  renew(): Promise<string>;
}

async function accessTokenOf(
  gateway: RunningGateway,
  code: string,
  key: Awaited<ReturnType<typeof generateSigningKey>>,
): Promise<string> {
  const metadata = (await (await fetch(`${gateway.url}/.well-known/oauth-authorization-server`)).json()) as {
    token_endpoint: string;
  };
  const assertion = await signClientAssertion({ clientId: code, audience: metadata.token_endpoint, key });
  const response = await fetch(metadata.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: clientAssertionGrant(assertion),
  });
  if (response.status !== 200) throw new Error(`token for ${code}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
