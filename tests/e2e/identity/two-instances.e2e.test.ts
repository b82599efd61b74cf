import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  accessToken,
  bearer,
  clientAssertion,
  createAgency,
  createOperator,
  JWT_BEARER,
  requestToken,
} from '../../support/identity-fixtures';
import { startTestGateway, type TestGateway } from '../../support/test-gateway';

/**
 * Two gateway instances on one database and one signing-key directory, as in a load-balanced
 * deployment: what one instance learns (a used jti, a revoked key) the other must honour.
 */
const keysDir = mkdtempSync(join(tmpdir(), 'hutong-shared-keys-'));
let first: TestGateway;
let second: TestGateway;

beforeAll(async () => {
  const env = { SIGNING_KEYS_DIR: keysDir, AUDIT_KEYS_DIR: join(keysDir, 'audit') };
  first = await startTestGateway({ env });
  second = await startTestGateway({ env, shareDatabaseWith: first });
});

afterAll(async () => {
  await second?.close();
  await first?.close();
  rmSync(keysDir, { recursive: true, force: true });
});

describe('several gateway instances', () => {
  it('refuses at instance B an assertion already used at instance A', async () => {
    const operator = await createOperator(first);
    const assertion = await clientAssertion(first, operator);
    const form = { grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: assertion };
    await requestToken(first, form).expect(200);
    const replay = await requestToken(second, form).expect(401);
    expect(replay.body).toMatchObject({ error: 'invalid_client', code: 'assertion_replayed' });
  });

  it('accepts at instance B a token issued by instance A', async () => {
    const operator = await createOperator(first);
    const token = await accessToken(first, operator);
    await second.http().get('/me').set(bearer(token)).expect(200);
  });

  // LISTEN/NOTIFY needs a real PostgreSQL server; the embedded database serves a single gateway.
  it.runIf(inject('databaseTemplate').kind === 'postgres')(
    'applies a revocation made at instance A on the next request at instance B',
    async () => {
      const operatorToken = await accessToken(first, await createOperator(first));
      const agency = await createAgency(first, operatorToken);
      const token = await accessToken(first, agency);
      await second.http().get('/me').set(bearer(token)).expect(200);
      await first.http().delete(`/admin/agencies/${agency.code}/keys/${agency.key.kid}`).set(bearer(operatorToken)).expect(200);
      // The notification travels through PostgreSQL; allow it a moment (generously: the machine may be busy).
      const deadline = Date.now() + 5000;
      let status = 200;
      while (status === 200 && Date.now() < deadline) {
        status = (await second.http().get('/me').set(bearer(token))).status;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(status).toBe(401);
    },
  );
});
