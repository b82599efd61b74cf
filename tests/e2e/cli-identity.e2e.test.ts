import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildCreditCode } from '@hutong/gb-codes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process';
import { runHutong } from '../support/processes';

/** The README walkthrough, run for real: CLI processes against a gateway process. */
describe('hutong identity commands', () => {
  let gateway: GatewayProcess | undefined;
  let dir: string;
  let url: string;
  let env: Record<string, string>;
  const agencyCode = buildCreditCode({
    registrationAuthority: '1',
    entityCategory: '1',
    divisionCode: '440100',
    organizationBody: '77001234',
  });

  beforeAll(async () => {
    gateway = await startGatewayProcess('hutong-cli-identity');
    ({ dir, url, env } = gateway);
  }, 90_000);

  afterAll(async () => {
    await gateway?.stop();
  });

  const hutong = (...args: string[]) => runHutong(args, env);
  const operatorArgs = () => ['--as', 'ops-cli', '--key', join(dir, 'ops.jwk')];

  it('bootstraps the first operator straight into the database, with a private key only its owner can read', async () => {
    const created = await hutong(
      'operator',
      'create',
      '--code',
      'ops-cli',
      '--name',
      '王运维',
      '--key-out',
      join(dir, 'ops.jwk'),
    );
    expect(created.stderr).toBe('');
    expect(created.code, created.stderr).toBe(0);
    expect(statSync(join(dir, 'ops.jwk')).mode & 0o777).toBe(0o600);
    const again = await hutong('operator', 'create', '--code', 'ops-cli', '--name', 'again', '--key-out', join(dir, 'ops2.jwk'));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^hutong: .*already exists\n$/);
    expect(existsSync(join(dir, 'ops2.jwk'))).toBe(false);
  });

  it('reports every field the gateway refused on one line', async () => {
    const refused = await hutong(
      'agency',
      'create',
      ...operatorArgs(),
      '--code',
      'not-a-credit-code',
      '--name',
      '',
      '--level',
      'city',
      '--roles',
      'provider',
      '--key-out',
      join(dir, 'refused.jwk'),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^hutong: POST \/admin\/agencies failed with 400: .* — code: .*; name: [^\n]*\n$/);
  });

  it('registers an agency with its key pair, and the agency gets a working token', async () => {
    const created = await hutong(
      'agency',
      'create',
      ...operatorArgs(),
      '--code',
      agencyCode,
      '--name',
      '广州市公安局',
      '--level',
      'city',
      '--roles',
      'provider,consumer',
      '--key-out',
      join(dir, 'agency.jwk'),
    );
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain(`Registered ${agencyCode}`);
    const token = await hutong('token', '--principal', agencyCode, '--key', join(dir, 'agency.jwk'));
    expect(token.code, token.stderr).toBe(0);
    const me = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      code: agencyCode,
      kind: 'agency',
      scopes: ['catalog', 'exchange', 'data.read', 'data.write'],
    });
  });

  it('generates and revokes keys: a revoked key ends the tokens obtained with it', async () => {
    const generated = await hutong(
      '--json',
      'keys',
      'generate',
      ...operatorArgs(),
      '--principal',
      agencyCode,
      '--key-out',
      join(dir, 'agency-2.jwk'),
    );
    expect(generated.code, generated.stderr).toBe(0);
    const { kid } = JSON.parse(generated.stdout) as { kid: string };
    const token = (await hutong('token', '--principal', agencyCode, '--key', join(dir, 'agency-2.jwk'))).stdout.trim();
    const revoked = await hutong('keys', 'revoke', ...operatorArgs(), '--principal', agencyCode, '--kid', kid);
    expect(revoked.stdout).toContain(`Revoked key ${kid}`);
    const me = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ code: 'key_revoked' });
    const refused = await hutong('token', '--principal', agencyCode, '--key', join(dir, 'agency-2.jwk'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('unknown_key');
  });

  it('creates a security reviewer whose token carries only the audit scope', async () => {
    const created = await hutong(
      'reviewer',
      'create',
      ...operatorArgs(),
      '--code',
      'audit-cli',
      '--name',
      '李审计',
      '--key-out',
      join(dir, 'reviewer.jwk'),
    );
    expect(created.code, created.stderr).toBe(0);
    const token = await hutong('--json', 'token', '--principal', 'audit-cli', '--key', join(dir, 'reviewer.jwk'));
    expect(JSON.parse(token.stdout)).toMatchObject({ scope: 'audit' });
  });

  it('explains what to do when the operator credentials are missing or the gateway is down', async () => {
    const missing = await hutong('agency', 'list');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--as <operator code> --key <private key file>');
    const down = await runHutong(
      ['token', '--principal', agencyCode, '--key', join(dir, 'agency.jwk'), '--url', 'http://127.0.0.1:1'],
      {},
    );
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach the gateway at http:\/\/127\.0\.0\.1:1/);
  });

  it('refuses to sign an assertion for a server whose advertised token endpoint is elsewhere', async () => {
    const received: string[] = [];
    const impostor = createServer((request, response) => {
      received.push(`${request.method ?? ''} ${request.url ?? ''}`);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ token_endpoint: `${url}/oauth2/token` }));
    });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    const address = impostor.address() as AddressInfo;
    try {
      const result = await runHutong(
        ['token', '--principal', agencyCode, '--key', join(dir, 'agency.jwk'), '--url', `http://127.0.0.1:${address.port}`],
        {},
      );
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stderr).toContain('refusing to sign for another origin');
      expect(received).toEqual(['GET /.well-known/oauth-authorization-server']);
    } finally {
      impostor.close();
    }
  });
});
