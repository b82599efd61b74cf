import { AuditKeys, canonicalText, linkHash, verifyWithCheckpoints, type Checkpoint } from '@hutong/audit';
import { generateSigningKey, publicJwkOf } from '@hutong/identity';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  accessToken,
  agencyCreditCode,
  bearer,
  createAgency,
  createOperator,
  type TestPrincipal,
} from '../../support/identity-fixtures';
import { runHutong } from '../../support/processes';
import { startTestGateway, useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway({ env: { AUDIT_CHECKPOINT_EVERY: '10' } });

let operatorToken: string;
let agency: TestPrincipal;
let reviewerToken: string;

beforeAll(async () => {
  operatorToken = await accessToken(gateway(), await createOperator(gateway(), 'ops-audit'));
  agency = await createAgency(gateway(), operatorToken);
  await gateway()
    .http()
    .post('/admin/reviewers')
    .set(bearer(operatorToken))
    .send({ code: 'audit-wang', name: '王审计' })
    .expect(201);
  const key = await generateSigningKey('ES256');
  await gateway()
    .http()
    .post('/admin/reviewers/audit-wang/keys')
    .set(bearer(operatorToken))
    .send({ jwk: publicJwkOf(key) })
    .expect(201);
  reviewerToken = await accessToken(gateway(), { code: 'audit-wang', key });
});

interface Entry {
  seq: number;
  action: string;
  outcome: string;
  status: number;
  reason?: string;
  principal?: { id: string; kind: string; keyId?: string; tokenId?: string };
  subjects?: string[];
}

async function entries(query: Record<string, string>): Promise<Entry[]> {
  const response = await gateway()
    .http()
    .get('/audit/entries')
    .query({ limit: '1000', ...query })
    .set(bearer(reviewerToken))
    .expect(200);
  return response.body.items as Entry[];
}

const db = () => gateway().app.get(DataSource);

describe('what is recorded', () => {
  it('records allowed and denied calls with who, what and why', async () => {
    const agencyToken = await accessToken(gateway(), agency);
    await gateway().http().get('/directory/agencies').set(bearer(agencyToken)).expect(200);
    await gateway().http().get('/directory/agencies').set(bearer(operatorToken)).expect(403);
    await gateway().http().get('/directory/agencies').expect(401);
    const recorded = await entries({ action: 'GET /directory/agencies' });
    expect(recorded.map((e) => [e.outcome, e.status, e.reason ?? null])).toEqual([
      ['allowed', 200, null],
      ['denied', 403, 'wrong_principal_kind'],
      ['denied', 401, 'missing_token'],
    ]);
    expect(recorded[0]?.principal).toMatchObject({ id: agency.code, kind: 'agency', keyId: agency.key.kid });
    expect(typeof recorded[0]?.principal?.tokenId).toBe('string');
  });

  it('records token issuance and failures under the claimed client, kept apart from verified principals', async () => {
    await gateway().http().post('/oauth2/token').type('form').send({ grant_type: 'client_credentials' }).expect(401);
    const tokenEntries = (await entries({ action: 'oauth2.token' })) as Array<Entry & { claimedClient?: string }>;
    expect(
      tokenEntries.some((e) => e.outcome === 'allowed' && e.claimedClient === agency.code && e.principal === undefined),
    ).toBe(true);
    expect(tokenEntries.at(-1)).toMatchObject({ outcome: 'denied', status: 401, reason: 'client_authentication_required' });
    expect((await entries({ action: 'oauth2.token', principal: agency.code })).length).toBe(0);
  });

  it('audits HEAD requests as the GET they run', async () => {
    const agencyToken = await accessToken(gateway(), agency);
    await gateway().http().head('/directory/agencies').set(bearer(agencyToken)).expect(200);
    const heads = (await entries({ action: 'GET /directory/agencies' })) as Array<Entry & { method: string }>;
    expect(heads.at(-1)).toMatchObject({ method: 'HEAD', outcome: 'allowed', principal: { id: agency.code } });
  });

  it('keeps personal contact details and plain body hashes out of the permanent log', async () => {
    const code = agencyCreditCode();
    await gateway()
      .http()
      .post('/admin/agencies')
      .set(bearer(operatorToken))
      .send({
        code,
        name: '联系人测试',
        level: 'city',
        divisionCode: '440100',
        roles: ['consumer'],
        contact: { name: '赵联系', phone: '020-12345678', email: 'zhao@example.gov.cn' },
      })
      .expect(201);
    const rows: Array<{ canonical: string }> = await db().query('SELECT canonical FROM audit_entries');
    const all = rows.map((row) => row.canonical).join('\n');
    for (const secret of ['赵联系', '020-12345678', 'zhao@example.gov.cn', 'requestSha256']) expect(all).not.toContain(secret);
    expect(all).toContain('requestDigest');
  });

  it('lets a reviewer find every access to one organisation by its clear code, which the log never stores', async () => {
    const code = agencyCreditCode();
    await gateway()
      .http()
      .post('/admin/agencies')
      .set(bearer(operatorToken))
      .send({ code, name: '审计对象', level: 'city', divisionCode: '440100', roles: ['consumer'] })
      .expect(201);
    await gateway().http().get(`/admin/agencies/${code}`).set(bearer(operatorToken)).expect(200);
    await gateway().http().patch(`/admin/agencies/${code}`).set(bearer(operatorToken)).send({ status: 'suspended' }).expect(200);
    const found = await entries({ subject: code, subjectKind: 'organization' });
    expect(found.map((e) => e.action)).toEqual([
      'POST /admin/agencies',
      'GET /admin/agencies/:code',
      'PATCH /admin/agencies/:code',
    ]);
    const stored: Array<{ n: string }> = await db().query(
      "SELECT count(*)::text AS n FROM audit_entries WHERE entry -> 'entry' -> 'subjects' ? $1",
      [code],
    );
    expect(stored[0]?.n).toBe('0');
  });

  it('refuses the audit log to agencies and operators', async () => {
    const agencyToken = await accessToken(gateway(), agency);
    expect((await gateway().http().get('/audit/entries').set(bearer(agencyToken)).expect(403)).body.code).toBe(
      'wrong_principal_kind',
    );
    expect((await gateway().http().get('/audit/entries').set(bearer(operatorToken)).expect(403)).body.code).toBe(
      'wrong_principal_kind',
    );
  });
});

describe('alerts', () => {
  it('raises a denial burst and an enumeration alert, with the rule explained', async () => {
    const prober = await accessToken(gateway(), await createOperator(gateway(), 'ops-prober'));
    for (let i = 0; i < 6; i += 1) await gateway().http().get('/directory/agencies').set(bearer(prober)).expect(403);
    const codes = await Promise.all([0, 1, 2, 3].map(() => createAgency(gateway(), prober)));
    for (const { code } of codes) await gateway().http().get(`/admin/agencies/${code}`).set(bearer(prober)).expect(200);
    const alerts = await gateway()
      .http()
      .get('/audit/alerts')
      .query({ denials: '5', subjects: '4', volumeMinimum: '5' })
      .set(bearer(reviewerToken))
      .expect(200);
    const mine = (alerts.body as Array<{ rule: string; principal: string; observed: number; explanation: string }>).filter(
      (a) => a.principal === 'ops-prober',
    );
    expect(mine.map((a) => a.rule).sort()).toEqual(['denial_burst', 'enumeration', 'volume_spike']);
    expect(mine.find((a) => a.rule === 'denial_burst')?.observed).toBe(6);
    expect(mine.every((a) => a.explanation.length > 20)).toBe(true);
  });
});

describe('fail closed', () => {
  it('serves nothing when the audit log cannot be written, and serves again when it can', async () => {
    const agencyToken = await accessToken(gateway(), agency);
    await db().query('ALTER TABLE audit_entries ADD CONSTRAINT audit_unwritable CHECK (seq < 0) NOT VALID');
    try {
      const response = await gateway().http().get('/me').set(bearer(agencyToken)).expect(503);
      expect(response.body).toMatchObject({ type: '/problems/service-unavailable' });
      expect(JSON.stringify(response.body)).not.toContain(agency.code);
      const created = await gateway()
        .http()
        .post('/admin/agencies')
        .set(bearer(operatorToken))
        .send({ code: agencyCreditCode(), name: '不可审计', level: 'city', divisionCode: '440100', roles: ['consumer'] })
        .expect(503);
      expect(created.headers.location).toBeUndefined();
      expect(created.headers.etag).toBeUndefined();
    } finally {
      await db().query('ALTER TABLE audit_entries DROP CONSTRAINT audit_unwritable');
    }
    await gateway().http().get('/me').set(bearer(agencyToken)).expect(200);
  });
});

describe('verification', () => {
  it('verifies online, and finds an altered entry at its position', async () => {
    const clean = await gateway().http().post('/audit/verify').set(bearer(reviewerToken)).expect(200);
    expect(clean.body).toMatchObject({ ok: true, firstSeq: 1 });
    expect(clean.body.checkpointsChecked).toBeGreaterThan(0);
    await db().transaction(async (manager) => {
      await manager.query('SET LOCAL session_replication_role = replica');
      await manager.query(`UPDATE audit_entries SET canonical = replace(canonical, '"method":"', '"method":"X') WHERE seq = 3`);
    });
    const broken = await gateway().http().post('/audit/verify').set(bearer(reviewerToken)).expect(200);
    expect(broken.body).toMatchObject({ ok: false, problem: { seq: 3, kind: 'altered' } });
  });

  it('publishes checkpoints that verify with the published audit keys, and exports a verifiable range', async () => {
    const checkpoints = (await gateway().http().get('/audit/checkpoints').expect(200)).body as Checkpoint[];
    expect(checkpoints.length).toBeGreaterThan(0);
    const exported = await gateway()
      .http()
      .get('/audit/entries/export')
      .query({ from: '4' })
      .set(bearer(reviewerToken))
      .expect(200);
    expect(exported.headers['content-type']).toContain('application/x-ndjson');
    const lines = exported.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const range = lines[0] as { fromSeq: number; prevHash: string };
    const links = lines.filter((line) => line.type === 'link') as unknown as Array<{
      seq: number;
      prevHash: string;
      hash: string;
      canonical: string;
    }>;
    const signed = lines.filter((line) => line.type === 'checkpoint') as unknown as Checkpoint[];
    const keys = gateway().app.get(AuditKeys);
    const report = await verifyWithCheckpoints(keys, links, signed, { seq: range.fromSeq, prevHash: range.prevHash });
    expect(report).toMatchObject({ ok: true, firstSeq: 4 });
    const csv = await gateway()
      .http()
      .get('/audit/entries/export')
      .query({ format: 'csv', from: '1', to: '5' })
      .set(bearer(reviewerToken))
      .expect(200);
    expect(csv.text.split('\n')[0]).toBe('seq,recordedAt,action,outcome,principal,status,resource,recordCount,hash');
  });

  it('hutong audit verify checks the database and an export, and names the broken entry', async () => {
    const env = { DATABASE_URL: gateway().database.url, AUDIT_KEYS_DIR: gateway().config.audit.keysDir };
    const fromDatabase = await runHutong(['audit', 'verify'], env);
    expect(fromDatabase.code).toBe(1);
    expect(fromDatabase.stdout).toMatch(/^FAILED at entry 3 \(altered\)/);
    const exported = await gateway()
      .http()
      .get('/audit/entries/export')
      .query({ from: '4' })
      .set(bearer(reviewerToken))
      .expect(200);
    const dir = mkdtempSync(join(tmpdir(), 'hutong-audit-export-'));
    try {
      writeFileSync(join(dir, 'export.ndjson'), exported.text);
      const fromFile = await runHutong(['audit', 'verify', '--file', join(dir, 'export.ndjson')], env);
      expect(fromFile.stdout).toMatch(/^OK: \d+ entries/);
      expect(fromFile.code).toBe(0);
      const lines = exported.text.trim().split('\n');
      [lines[2], lines[3]] = [lines[3] ?? '', lines[2] ?? ''];
      writeFileSync(join(dir, 'swapped.ndjson'), `${lines.join('\n')}\n`);
      const swapped = await runHutong(['audit', 'verify', '--file', join(dir, 'swapped.ndjson')], env);
      expect(swapped.code).toBe(1);
      expect(swapped.stdout).toMatch(/^FAILED at entry 5 /);

      // A fabricated export: a made-up starting hash and a chain consistently built on it.
      const held = (await gateway().http().get('/audit/checkpoints').expect(200)).body as Checkpoint[];
      writeFileSync(join(dir, 'checkpoints.json'), JSON.stringify(held));
      const anchor = held[0] as Checkpoint;
      const fake = [{ type: 'range', fromSeq: anchor.seq + 1, prevHash: linkHash('made up') }];
      let prev = fake[0]?.prevHash ?? '';
      for (let seq = anchor.seq + 1; seq <= anchor.seq + 3; seq += 1) {
        const canonical = canonicalText({
          seq,
          recordedAt: new Date().toISOString(),
          prev,
          entry: { action: 'forged', outcome: 'allowed' },
        });
        const link = { type: 'link', seq, prevHash: prev, hash: linkHash(canonical), canonical };
        fake.push(link as never);
        prev = link.hash;
      }
      writeFileSync(join(dir, 'fabricated.ndjson'), `${fake.map((line) => JSON.stringify(line)).join('\n')}\n`);
      expect((await runHutong(['audit', 'verify', '--file', join(dir, 'fabricated.ndjson')], env)).code).toBe(0);
      const anchored = await runHutong(
        ['audit', 'verify', '--file', join(dir, 'fabricated.ndjson'), '--checkpoints', join(dir, 'checkpoints.json')],
        env,
      );
      expect(anchored.code).toBe(1);
      expect(anchored.stdout).toContain('does not vouch for');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('summarises per day, principal and resource', async () => {
    const stats = await gateway().http().get('/audit/stats').set(bearer(reviewerToken)).expect(200);
    expect(
      stats.body.some((row: { resource: string | null; requests: number }) => row.resource === 'agency' && row.requests > 0),
    ).toBe(true);
  });
});

describe('retention from the command line', () => {
  it('partitions and archives on a fresh database, and the remaining chain still verifies', async () => {
    const fresh = await startTestGateway({ env: { AUDIT_CHECKPOINT_EVERY: '10' } });
    const dir = mkdtempSync(join(tmpdir(), 'hutong-retention-'));
    try {
      const env = { DATABASE_URL: fresh.database.url, AUDIT_KEYS_DIR: fresh.config.audit.keysDir };
      const token = await accessToken(fresh, await createOperator(fresh, 'ops-retention'));
      for (let i = 0; i < 5; i += 1) await fresh.http().get('/admin/agencies').set(bearer(token)).expect(200);
      const partitioned = await runHutong(['audit', 'partition'], env);
      expect(partitioned.stdout).toMatch(
        /^Closed audit_entries_from_1 \(entries 1–\d+\); new entries go to audit_entries_from_\d+\.$/m,
      );
      for (let i = 0; i < 5; i += 1) await fresh.http().get('/admin/agencies').set(bearer(token)).expect(200);
      const archived = await runHutong(['audit', 'archive', '--out', join(dir, 'archive.ndjson')], env);
      expect(archived.stderr).toBe('');
      expect(archived.stdout).toMatch(/^Archived audit_entries_from_1: entries 1–\d+/);
      const offline = await runHutong(['audit', 'verify', '--file', join(dir, 'archive.ndjson')], env);
      expect(offline.stdout).toMatch(/^OK: /);
      const online = await runHutong(['audit', 'verify'], env);
      expect(online.stdout).toMatch(/^OK: \d+ entries \((\d+)–/);
      expect(online.stdout).not.toMatch(/^OK: \d+ entries \(1–/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await fresh.close();
    }
  });
});

describe('the gateway running as hutong_app', () => {
  // A PostgreSQL deployment feature (the startup option `-c role=`); the embedded database ignores it.
  it.runIf(inject('databaseTemplate').kind === 'postgres')(
    'serves and audits as usual, but its own sessions cannot change an audit row',
    async () => {
      const restricted = await startTestGateway({ env: { DB_SESSION_ROLE: 'hutong_app' }, shareDatabaseWith: gateway() });
      try {
        const sessionRole: Array<{ current_user: string }> = await restricted.app.get(DataSource).query('SELECT current_user');
        expect(sessionRole[0]?.current_user).toBe('hutong_app');
        const token = await accessToken(restricted, agency);
        await restricted.http().get('/me').set(bearer(token)).expect(200);
        await expect(restricted.app.get(DataSource).query("UPDATE audit_entries SET hash = 'x' WHERE seq = 1")).rejects.toThrow(
          /permission denied/,
        );
        await expect(restricted.app.get(DataSource).query('DELETE FROM audit_checkpoints')).rejects.toThrow(/permission denied/);
      } finally {
        await restricted.close();
      }
    },
  );
});
