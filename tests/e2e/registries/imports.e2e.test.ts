import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessToken, bearer, createOperator } from '../../support/identity-fixtures';
import {
  awaitImport,
  citizenIdOf,
  installRegistries,
  personRow,
  type InstalledRegistries,
} from '../../support/registry-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();

let operator: string;
let registries: InstalledRegistries;

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  registries = await installRegistries(gateway(), operator);
});

const upload = (token: string, body: string | Buffer, contentType = 'application/x-ndjson') =>
  gateway().http().post('/registries/population/imports').set(bearer(token)).set('content-type', contentType).send(body);

/** What each bad row breaks, in turn: one in a hundred rows of the big file. */
const BREAKERS: Array<{ rule: string; field: string; line: (index: number, previous: string) => string }> = [
  {
    rule: 'bad_check_digit',
    field: 'citizen_id',
    line: (index) => {
      const id = citizenIdOf(index);
      return JSON.stringify({ ...personRow(index), citizen_id: `${id.slice(0, 17)}${id[17] === '1' ? '2' : '1'}` });
    },
  },
  {
    rule: 'unknown_division',
    field: 'household_division',
    line: (index) => JSON.stringify({ ...personRow(index), household_division: '449999' }),
  },
  { rule: 'duplicate', field: 'citizen_id', line: (_index, previous) => previous },
  { rule: 'json', field: '(row)', line: (index) => `${JSON.stringify(personRow(index)).slice(0, 40)}` },
  {
    rule: 'contradicts_id',
    field: 'birth_date',
    line: (index) => JSON.stringify({ ...personRow(index), birth_date: '1949-10-01' }),
  },
];

describe('bulk import', () => {
  it('commits the good rows of 100 000 with 1 % bad, and reports every bad row on its line', async () => {
    const lines: string[] = [];
    const bad = new Map<number, { rule: string; field: string }>();
    for (let index = 0; index < 100_000; index += 1) {
      if (index % 100 === 99) {
        const breaker = BREAKERS[Math.floor(index / 100) % BREAKERS.length];
        if (!breaker) throw new Error('no breaker');
        lines.push(breaker.line(200_000 + index, lines.at(-1) ?? ''));
        bad.set(index + 1, { rule: breaker.rule, field: breaker.field });
      } else lines.push(JSON.stringify(personRow(200_000 + index)));
    }
    const started = await upload(registries.police.token, `${lines.join('\n')}\n`).expect(202);
    const finished = await awaitImport(gateway(), registries.police.token, started.headers.location as string);
    expect(finished).toMatchObject({ state: 'completed', rowsRead: 100_000, rowsCreated: 99_000, rowsRejected: 1_000 });
    const report = await gateway()
      .http()
      .get(`${started.headers.location as string}/errors`)
      .set(bearer(registries.police.token))
      .expect(200);
    const reported = new Map<number, { rule: string; field: string }>(
      report.body.errors.map((error: { line: number; rule: string; field: string }) => [
        error.line,
        { rule: error.rule, field: error.field },
      ]),
    );
    expect(reported).toEqual(bad);
    const dataSource = gateway().app.get(DataSource);
    const [stored] = await dataSource.query<Array<{ count: string }>>(
      `SELECT count(*) FROM registry_records WHERE registry = 'population' AND import_id = $1`,
      [started.body.id],
    );
    expect(Number(stored?.count)).toBe(99_000);
    const [events] = await dataSource.query<Array<{ count: string }>>(
      `SELECT count(*) FROM event_log WHERE type = 'cn.gov.hutong.registries.person.registered.v1' AND subject = ANY($1::text[])`,
      [lines.slice(0, 1000).map((line) => (line.startsWith('{"citizen_id":"') ? line.slice(15, 33) : ''))],
    );
    expect(Number(events?.count)).toBe(990);
  }, 600_000);

  it('treats the same file sent again as the same import, changing nothing', async () => {
    const file = `${[0, 1, 2].map((i) => JSON.stringify(personRow(400_000 + i))).join('\n')}\n`;
    const first = await upload(registries.police.token, file).expect(202);
    await awaitImport(gateway(), registries.police.token, first.headers.location as string);
    const again = await upload(registries.police.token, file).expect(200);
    expect(again.body.id).toBe(first.body.id);
    const reworded = await upload(registries.police.token, `${file}\n`).expect(202);
    expect(await awaitImport(gateway(), registries.police.token, reworded.headers.location as string)).toMatchObject({
      rowsRead: 3,
      rowsUnchanged: 3,
      rowsCreated: 0,
    });
  });

  it('starts a file sent again after its import died with its process over, and waits on one still alive', async () => {
    const dataSource = gateway().app.get(DataSource);
    // An import left "running" by a gateway that stopped: its row is all that remains.
    const orphan = async (file: string, silentForSeconds: number) => {
      const id = randomUUID();
      await dataSource.query(
        `INSERT INTO registry_imports (id, registry, agency_code, format, content_sha256, bytes, state, started_at, heartbeat_at)
         VALUES ($1, 'population', $2, 'ndjson', $3, $4, 'running', now(), now() - make_interval(secs => $5))`,
        [
          id,
          registries.police.agency.code,
          createHash('sha256').update(file).digest('hex'),
          Buffer.byteLength(file),
          silentForSeconds,
        ],
      );
      return id;
    };
    const deadFile = `${[0, 1].map((i) => JSON.stringify(personRow(420_000 + i))).join('\n')}\n`;
    const dead = await orphan(deadFile, 120);
    const restarted = await upload(registries.police.token, deadFile).expect(202);
    expect(restarted.body.id).not.toBe(dead);
    expect(await awaitImport(gateway(), registries.police.token, restarted.headers.location as string)).toMatchObject({
      state: 'completed',
      rowsCreated: 2,
    });
    const buried = await gateway()
      .http()
      .get(`/registries/population/imports/${dead}`)
      .set(bearer(registries.police.token))
      .expect(200);
    expect(buried.body).toMatchObject({ state: 'failed' });
    expect(String(buried.body.failure)).toContain('send the file again');

    // Silent for less than a minute: it may still be running somewhere, so the same file is that import.
    const liveFile = `${JSON.stringify(personRow(420_010))}\n`;
    const alive = await orphan(liveFile, 5);
    expect((await upload(registries.police.token, liveFile).expect(200)).body.id).toBe(alive);
  });

  it('imports CSV with a header of item codes, reporting a malformed record on its line', async () => {
    const rows = [410_000, 410_001].map((i) => personRow(i));
    const csv = [
      'citizen_id,name,household_division,household_address',
      ...rows.map((row) =>
        [row.citizen_id, row.name, row.household_division, `"${String(row.household_address)}, 2楼"`].join(','),
      ),
      `${citizenIdOf(410_002)},"unclosed,440103,x`,
    ].join('\r\n');
    const started = await upload(registries.police.token, csv, 'text/csv').expect(202);
    const finished = await awaitImport(gateway(), registries.police.token, started.headers.location as string);
    expect(finished).toMatchObject({ state: 'completed', rowsCreated: 2, rowsRejected: 1 });
    const report = await gateway()
      .http()
      .get(`${started.headers.location as string}/errors`)
      .set(bearer(registries.police.token))
      .set('accept', 'text/csv')
      .expect(200);
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.text.split('\n')[0]).toBe('line,field,rule,message');
    expect(report.text.split('\n')[1]).toMatch(/^4,\(row\),csv,/);
    const person = await gateway()
      .http()
      .get(`/registries/population/persons/${String(rows[0]?.citizen_id)}`)
      .set(bearer(registries.police.token))
      .expect(200);
    expect(person.body.record.household_address).toBe(`${String(rows[0]?.household_address)}, 2楼`);
  });

  it('refuses a CSV whose header names no item, before importing anything', async () => {
    const refused = await upload(registries.police.token, 'citizen_id,姓名\n', 'text/csv');
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'header', rule: 'csv_header' });
  });

  it('refuses a GBK file with a clear error and imports nothing', async () => {
    const gbkName = Buffer.from([0xd5, 0xc5, 0xce, 0xb0]); // 张伟 in GBK
    const line = Buffer.concat([Buffer.from(`{"citizen_id":"${citizenIdOf(420_000)}","name":"`), gbkName, Buffer.from('"}\n')]);
    const refused = await upload(registries.police.token, line);
    expect(refused.status).toBe(415);
    expect(refused.body.detail).toContain('GBK');
    expect(refused.body.errors[0]).toMatchObject({ field: 'body', rule: 'utf8' });
    const declared = await upload(registries.police.token, 'citizen_id\n', 'text/csv; charset=gbk');
    expect(declared.status).toBe(415);
  });

  it('refuses imports from an agency that neither provides nor contributes', async () => {
    const refused = await gateway()
      .http()
      .post('/registries/legal-persons/imports')
      .set(bearer(registries.police.token))
      .set('content-type', 'application/x-ndjson')
      .send('{}\n');
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);
  });

  it('reports the rows a contributor may not write, and writes the rest', async () => {
    const id = citizenIdOf(430_000);
    await gateway()
      .http()
      .put(`/registries/population/persons/${id}`)
      .set(bearer(registries.police.token))
      .send({ groups: { identity: { name: '王五', household_division: '440103' } } })
      .expect(201);
    const file = [
      JSON.stringify({ citizen_id: id, insurance_status: 'insured', insured_since: '2020-01-01' }),
      JSON.stringify({ citizen_id: id.replace(/^(.{17})./, '$1'), residence_division: '440106' }),
    ].join('\n');
    const started = await upload(registries.labour.token, file).expect(202);
    const finished = await awaitImport(gateway(), registries.labour.token, started.headers.location as string);
    expect(finished).toMatchObject({ rowsUpdated: 1, rowsRejected: 1 });
  });
});
