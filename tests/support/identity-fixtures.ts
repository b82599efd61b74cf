import { buildCreditCode } from '@hutong/gb-codes';
import {
  bootstrapOperator,
  generateSigningKey,
  JWT_BEARER_ASSERTION,
  publicJwkOf,
  signClientAssertion,
  type SigningKeyMaterial,
} from '@hutong/identity';
import { DataSource } from 'typeorm';
import { expect } from 'vitest';
import type { TestGateway } from './test-gateway';

/** The client assertion type, as tests that build token requests by hand (to break them) spell it. */
export const JWT_BEARER = JWT_BEARER_ASSERTION;

export interface TestPrincipal {
  readonly code: string;
  readonly key: SigningKeyMaterial;
}

let organizationSerial = 10_000_000 + Math.floor(Math.random() * 80_000_000);

/** A valid 统一社会信用代码 (government agency, 机构编制 11) for a division, unique within the run. */
export function agencyCreditCode(divisionCode = '440100'): string {
  organizationSerial += 1;
  return buildCreditCode({
    registrationAuthority: '1',
    entityCategory: '1',
    divisionCode,
    organizationBody: String(organizationSerial),
  });
}

/** The bootstrap path, as `hutong operator create` takes it: straight into the database. */
export async function createOperator(
  gateway: TestGateway,
  code = `ops-${Math.random().toString(36).slice(2, 8)}`,
): Promise<TestPrincipal> {
  const key = await generateSigningKey('ES256');
  await bootstrapOperator(gateway.app.get(DataSource), {
    code,
    name: `Operator ${code}`,
    publicJwk: publicJwkOf(key),
    kid: key.kid,
  });
  return { code, key };
}

export async function clientAssertion(gateway: TestGateway, principal: TestPrincipal): Promise<string> {
  return signClientAssertion({ clientId: principal.code, audience: gateway.config.auth.tokenEndpoint, key: principal.key });
}

/** The real exchange: a signed assertion posted as a form; returns the response. */
export function requestToken(gateway: TestGateway, form: Record<string, string>) {
  return gateway.http().post('/oauth2/token').type('form').send(form);
}

export async function accessToken(gateway: TestGateway, principal: TestPrincipal, scope?: string): Promise<string> {
  const response = await requestToken(gateway, {
    grant_type: 'client_credentials',
    client_assertion_type: JWT_BEARER,
    client_assertion: await clientAssertion(gateway, principal),
    ...(scope ? { scope } : {}),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body as { access_token: string }).access_token;
}

export interface AgencyInput {
  readonly code?: string;
  readonly name?: string;
  readonly level?: string;
  readonly parentCode?: string;
  readonly divisionCode?: string;
  readonly roles?: string[];
}

/** Registers an agency through the API and gives it a key pair, as an operator would. */
export async function createAgency(gateway: TestGateway, operatorToken: string, input: AgencyInput = {}): Promise<TestPrincipal> {
  const divisionCode = input.divisionCode ?? '440100';
  const code = input.code ?? agencyCreditCode(divisionCode);
  const created = await gateway
    .http()
    .post('/admin/agencies')
    .set('authorization', `Bearer ${operatorToken}`)
    .send({
      code,
      name: input.name ?? `测试机构${code.slice(-6)}`,
      level: input.level ?? 'city',
      divisionCode,
      roles: input.roles ?? ['consumer'],
      ...(input.parentCode ? { parentCode: input.parentCode } : {}),
    });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const key = await generateSigningKey('ES256');
  await registerKey(gateway, operatorToken, 'agencies', code, key);
  return { code, key };
}

export async function registerKey(
  gateway: TestGateway,
  operatorToken: string,
  collection: 'agencies' | 'operators' | 'reviewers',
  code: string,
  key: SigningKeyMaterial,
): Promise<void> {
  const response = await gateway
    .http()
    .post(`/admin/${collection}/${code}/keys`)
    .set('authorization', `Bearer ${operatorToken}`)
    .send({ jwk: publicJwkOf(key) });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** Registers a security reviewer through the API, as an operator would, with a key pair. */
export async function createReviewer(
  gateway: TestGateway,
  operatorToken: string,
  code = `audit-${Math.random().toString(36).slice(2, 8)}`,
): Promise<TestPrincipal> {
  const created = await gateway
    .http()
    .post('/admin/reviewers')
    .set(bearer(operatorToken))
    .send({ code, name: `审计员 ${code}` });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const key = await generateSigningKey('ES256');
  await registerKey(gateway, operatorToken, 'reviewers', code, key);
  return { code, key };
}
