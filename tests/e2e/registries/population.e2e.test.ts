import { DataSource } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessToken, bearer, createOperator } from '../../support/identity-fixtures';
import {
  citizenIdOf,
  consumer,
  grant,
  installRegistries,
  personIdentity,
  type InstalledRegistries,
} from '../../support/registry-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();

let operator: string;
let registries: InstalledRegistries;
let serial = 1_000;

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  registries = await installRegistries(gateway(), operator);
});

const putPerson = (token: string, id: string, body: object, headers: Record<string, string> = {}) =>
  gateway().http().put(`/registries/population/persons/${id}`).set(bearer(token)).set(headers).send(body);
const getPerson = (token: string, id: string, query: Record<string, string> = {}) =>
  gateway().http().get(`/registries/population/persons/${id}`).query(query).set(bearer(token));

/** Registers a new person as the provider; returns the citizen ID. */
async function registered(division?: string): Promise<string> {
  serial += 1;
  const id = citizenIdOf(serial, division);
  const response = await putPerson(registries.police.token, id, personIdentity(serial, division));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return id;
}

describe('provider writes', () => {
  it('registers a person, derives sex and birth date from the ID, and answers with the version as ETag', async () => {
    serial += 1;
    const id = citizenIdOf(serial);
    const created = await putPerson(registries.police.token, id, personIdentity(serial)).expect(201);
    expect(created.body).toEqual({ key: id, version: 1, outcome: 'created' });
    expect(created.headers.etag).toBe('"1"');
    expect(created.headers.location).toBe(`/registries/population/persons/${id}`);
    const read = await getPerson(registries.police.token, id).expect(200);
    expect(read.body.record.birth_date).toBe(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
    expect(read.body.record.sex).toBe(Number(id[16]) % 2 === 1 ? '1' : '2');
    expect(read.body.record.status).toBe('normal');
    expect(read.body.basis).toBe('provider');
  });

  it.each([
    ['a bad check digit', (id: string) => `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`, {}, 'key', 'bad_check_digit'],
    ['a sex that contradicts the ID', (id: string) => id, { sex: '9' }, 'groups.identity.sex', 'enum'],
    [
      'an unknown division',
      (id: string) => id,
      { household_division: '449999' },
      'groups.identity.household_division',
      'unknown_division',
    ],
    ['an impossible birth date', (id: string) => id, { birth_date: '1990-02-30' }, 'groups.identity.birth_date', 'date'],
  ])('refuses %s with the field and rule, and stores nothing', async (_case, idOf, override, field, rule) => {
    serial += 1;
    const id = idOf(citizenIdOf(serial));
    const body = personIdentity(serial);
    const refused = await putPerson(registries.police.token, id, {
      groups: { identity: { ...body.groups.identity, ...override } },
    });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
    await getPerson(registries.police.token, citizenIdOf(serial)).expect(404);
  });

  it('refuses a group that is not an object with a 400, not a server error', async () => {
    serial += 1;
    for (const identity of [null, 'x', ['name']]) {
      const refused = await putPerson(registries.police.token, citizenIdOf(serial), { groups: { identity } });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'groups.identity', rule: 'object' }));
    }
  });

  it('refuses a sex that is a valid code but contradicts the ID', async () => {
    serial += 1;
    const id = citizenIdOf(serial);
    const wrong = Number(id[16]) % 2 === 1 ? '2' : '1';
    const refused = await putPerson(registries.police.token, id, {
      groups: { identity: { ...personIdentity(serial).groups.identity, sex: wrong } },
    }).expect(400);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'groups.identity.sex', rule: 'contradicts_id' }));
  });

  it('updates one attribute group and keeps the others; a stale If-Match is refused with 412', async () => {
    const id = await registered();
    const residence = { residence_address: '广州市天河区体育西路1号', residence_division: '440106' };
    const updated = await putPerson(
      registries.police.token,
      id,
      { groups: { residence }, reason: '居住登记' },
      { 'if-match': '"1"' },
    ).expect(200);
    expect(updated.body).toEqual({ key: id, version: 2, outcome: 'updated' });
    const stale = await putPerson(
      registries.police.token,
      id,
      { groups: { residence: { ...residence, residence_division: '440103' } } },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    const read = await getPerson(registries.police.token, id).expect(200);
    expect(read.body.record).toMatchObject({ ...residence, name: personIdentity(serial).groups.identity.name });
    const same = await putPerson(registries.police.token, id, { groups: { residence } }).expect(200);
    expect(same.body.outcome).toBe('unchanged');
  });

  it('lets a contributor write its own groups only, and no other agency write at all', async () => {
    const id = await registered();
    const employment = { employer_name: '广州市示例有限公司', occupation: '工程师' };
    await putPerson(registries.labour.token, id, { groups: { employment } }).expect(200);
    const notTheirs = await putPerson(registries.labour.token, id, { groups: { residence: { residence_division: '440106' } } });
    expect(notTheirs.status).toBe(403);
    const stranger = await consumer(gateway(), operator);
    const refused = await putPerson(stranger.token, id, { groups: { employment } });
    expect(refused.status).toBe(403);
  });

  it('cancels logically: the status becomes cancelled and the history keeps the person', async () => {
    const id = await registered();
    await gateway()
      .http()
      .delete(`/registries/population/persons/${id}`)
      .query({ reason: '重复登记' })
      .set(bearer(registries.police.token))
      .expect(200);
    const read = await getPerson(registries.police.token, id).expect(200);
    expect(read.body.record.status).toBe('cancelled');
    const history = await gateway()
      .http()
      .get(`/registries/population/persons/${id}/history`)
      .set(bearer(registries.police.token))
      .expect(200);
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history.body.versions[0]).toMatchObject({ reason: '重复登记', recordedBy: registries.police.agency.code });
  });
});

describe('history and asOf', () => {
  it('answers what the registry said at a past moment', async () => {
    const id = await registered();
    const before = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await putPerson(registries.police.token, id, {
      groups: { identity: { ...personIdentity(serial).groups.identity, name: '改名后' } },
      reason: '更名',
    }).expect(200);
    const then = await getPerson(registries.police.token, id, { asOf: before.toISOString() }).expect(200);
    expect(then.body.version).toBe(1);
    expect(then.body.record.name).toBe(personIdentity(serial).groups.identity.name);
    const now = await getPerson(registries.police.token, id).expect(200);
    expect(now.body.record.name).toBe('改名后');
    await getPerson(registries.police.token, id, { asOf: '2000-01-01T00:00:00+08:00' }).expect(404);
  });
});

describe('consumer reads', () => {
  it('gives any agency the unconditional items and nothing else without a grant', async () => {
    const id = await registered();
    const reader = await consumer(gateway(), operator);
    const read = await getPerson(reader.token, id).expect(200);
    expect(read.body.basis).toBe('unconditional');
    expect(Object.keys(read.body.record).sort()).toEqual(
      [
        'birth_date',
        'citizen_id',
        'ethnicity',
        'household_division',
        'name',
        'nationality',
        'sex',
        'status',
        'status_date',
      ].sort(),
    );
    const refused = await getPerson(reader.token, id, { items: 'name,household_address' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ reason: 'no_grant' });
    expect(refused.body.detail).toContain('request access');
  });

  it('shows a granted item masked when the approval says so', async () => {
    const id = await registered();
    const reader = await consumer(gateway(), operator);
    await grant(gateway(), registries.population.resource, reader.token, registries.police.token, ['household_address'], {
      maskedItems: ['household_address'],
    });
    const read = await getPerson(reader.token, id, { items: 'household_address' }).expect(200);
    expect(read.body.record.household_address).toMatch(/^广\*+$/);
    expect(read.body.masked).toEqual(['household_address']);
  });

  it('limits a district-scoped consumer to its district: others are not found, in reads, batch and search', async () => {
    const inside = await registered('440106');
    const outside = await registered('440103');
    const district = await consumer(gateway(), operator);
    await grant(gateway(), registries.population.resource, district.token, registries.police.token, ['household_address'], {}, [
      '440106',
    ]);
    await getPerson(district.token, inside, { items: 'household_address' }).expect(200);
    const hidden = await getPerson(district.token, outside, { items: 'household_address' });
    expect(hidden.status).toBe(404);
    const batch = await gateway()
      .http()
      .post('/registries/population/persons/batch')
      .set(bearer(district.token))
      .send({ keys: [inside, outside], items: ['household_address'] })
      .expect(200);
    expect(batch.body.records.map((r: { key: string }) => r.key)).toEqual([inside]);
    expect(batch.body.notFound).toEqual([outside]);
    const search = await gateway()
      .http()
      .get('/registries/population/persons')
      .query({ divisionCode: '440100', items: 'household_address', limit: '200' })
      .set(bearer(district.token))
      .expect(200);
    const divisions = new Set(
      search.body.items.map((r: { record: { household_division: string } }) => r.record.household_division),
    );
    expect([...divisions]).toEqual(['440106']);
  });

  it('refuses an oversized batch and a malformed key with the field', async () => {
    const reader = await consumer(gateway(), operator);
    const tooMany = await gateway()
      .http()
      .post('/registries/population/persons/batch')
      .set(bearer(reader.token))
      .send({ keys: Array.from({ length: 1001 }, (_, i) => citizenIdOf(i)) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].field).toBe('keys');
    const bad = await gateway()
      .http()
      .post('/registries/population/persons/batch')
      .set(bearer(reader.token))
      .send({ keys: [citizenIdOf(1), '12345'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'keys[1]', rule: 'bad_length' });
  });

  it('does not let operators or reviewers read registry data', async () => {
    const id = await registered();
    const refused = await getPerson(operator, id);
    expect(refused.status).toBe(403);
  });
});

describe('verification (核验)', () => {
  it('answers match / no_match / not_found under a verification grant, and nothing else', async () => {
    const id = await registered();
    const name = personIdentity(serial).groups.identity.name as string;
    const verifier = await consumer(gateway(), operator);
    const verify = (body: object) =>
      gateway().http().post('/registries/population/verifications').set(bearer(verifier.token)).send(body);
    const withoutGrant = await verify({ citizenId: id, name });
    // name and citizen_id are unconditional, so reading them already allows the comparison
    expect(withoutGrant.status).toBe(200);
    await grant(gateway(), registries.population.verification, verifier.token, registries.police.token, ['match_result']);
    expect((await verify({ citizenId: id, name })).body).toEqual({ result: 'match' });
    expect((await verify({ citizenId: id, name: '别人' })).body).toEqual({ result: 'no_match' });
    expect((await verify({ citizenId: citizenIdOf(999_999), name })).body).toEqual({ result: 'not_found' });
    const bad = await verify({ citizenId: id });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('name');
  });
});

describe('disputes (疑义校核)', () => {
  it('flags the record while a consumer dispute is open, until the provider resolves it', async () => {
    const id = await registered();
    const reader = await consumer(gateway(), operator);
    const filed = await gateway()
      .http()
      .post(`/registries/population/persons/${id}/disputes`)
      .set(bearer(reader.token))
      .send({ item: 'name', reason: '与户口本不一致' })
      .expect(201);
    expect((await getPerson(reader.token, id).expect(200)).body.disputed).toBe(true);
    const inbox = await gateway()
      .http()
      .get('/registries/population/disputes')
      .query({ state: 'open' })
      .set(bearer(registries.police.token))
      .expect(200);
    expect(inbox.body.items.map((d: { id: string }) => d.id)).toContain(filed.body.id);
    await gateway()
      .http()
      .post(`/registries/population/disputes/${filed.body.id}/resolution`)
      .set(bearer(registries.police.token))
      .send({ outcome: 'rejected', resolution: '经核对户籍档案无误' })
      .expect(201);
    expect((await getPerson(reader.token, id).expect(200)).body.disputed).toBe(false);
  });

  it('refuses a dispute on an item the consumer may not read', async () => {
    const id = await registered();
    const reader = await consumer(gateway(), operator);
    const refused = await gateway()
      .http()
      .post(`/registries/population/persons/${id}/disputes`)
      .set(bearer(reader.token))
      .send({ item: 'household_address', reason: '地址有误' });
    expect(refused.status).toBe(403);
  });
});

describe('events', () => {
  it('appends person events in the same transaction as the write, and none for a refused write', async () => {
    const dataSource = gateway().app.get(DataSource);
    serial += 1;
    const id = citizenIdOf(serial);
    await putPerson(registries.police.token, id, {
      groups: { identity: { ...personIdentity(serial).groups.identity, sex: '9' } },
    }).expect(400);
    await putPerson(registries.police.token, id, personIdentity(serial)).expect(201);
    await putPerson(registries.labour.token, id, { groups: { social_insurance: { insurance_status: 'insured' } } }).expect(200);
    await gateway()
      .http()
      .delete(`/registries/population/persons/${id}`)
      .query({ reason: '死亡' })
      .set(bearer(registries.police.token))
      .expect(200);
    const events = await dataSource.query<Array<{ type: string; data: { changedGroups: string[]; version: number } }>>(
      'SELECT type, data FROM event_log WHERE subject = $1 ORDER BY seq',
      [id],
    );
    expect(events.map((event) => event.type)).toEqual([
      'cn.gov.hutong.registries.person.registered.v1',
      'cn.gov.hutong.registries.person.updated.v1',
      'cn.gov.hutong.registries.person.status-changed.v1',
    ]);
    expect(events[1]?.data.changedGroups).toEqual(['social_insurance']);
    expect(events.map((event) => event.data.version)).toEqual([1, 2, 3]);
  });
});
