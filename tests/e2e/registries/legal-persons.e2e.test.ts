import { beforeAll, describe, expect, it } from 'vitest';
import { accessToken, bearer, createOperator } from '../../support/identity-fixtures';
import {
  consumer,
  creditCodeOf,
  grant,
  installRegistries,
  legalPersonRegistration,
  type InstalledRegistries,
} from '../../support/registry-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();

let operator: string;
let registries: InstalledRegistries;

beforeAll(async () => {
  operator = await accessToken(gateway(), await createOperator(gateway()));
  registries = await installRegistries(gateway(), operator);
  for (const index of [1, 2, 3]) {
    await gateway()
      .http()
      .put(`/registries/legal-persons/${creditCodeOf(index)}`)
      .set(bearer(registries.market.token))
      .send(legalPersonRegistration(index, index === 3 ? '440103' : '440106'))
      .expect(201);
  }
});

describe('legal persons', () => {
  it('shows any agency the business-licence items and keeps the representative ID for grantees, masked if so approved', async () => {
    const reader = await consumer(gateway(), operator);
    const open = await gateway()
      .http()
      .get(`/registries/legal-persons/${creditCodeOf(1)}`)
      .set(bearer(reader.token))
      .expect(200);
    expect(open.body.record).toMatchObject({ name: '广州示例1科技有限公司', status: '存续', industry: 'I65' });
    expect(open.body.record).not.toHaveProperty('legal_representative_id');
    expect(open.body.record).not.toHaveProperty('registered_capital');
    await grant(gateway(), registries.legalPersons.resource, reader.token, registries.market.token, ['legal_representative_id'], {
      maskedItems: ['legal_representative_id'],
    });
    const granted = await gateway()
      .http()
      .get(`/registries/legal-persons/${creditCodeOf(1)}`)
      .set(bearer(reader.token))
      .expect(200);
    expect(granted.body.record.legal_representative_id).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  });

  it('searches by part of the name, in traditional characters too, with status and industry filters', async () => {
    const reader = await consumer(gateway(), operator);
    const found = await gateway()
      .http()
      .get('/registries/legal-persons')
      .query({ name: '示例2科技', status: '存续', industry: 'I65' })
      .set(bearer(reader.token))
      .expect(200);
    expect(found.body.items.map((item: { key: string }) => item.key)).toEqual([creditCodeOf(2)]);
    const traditional = await gateway()
      .http()
      .get('/registries/legal-persons')
      .query({ name: '廣州示例3' })
      .set(bearer(reader.token))
      .expect(200);
    expect(traditional.body.items.map((item: { key: string }) => item.key)).toEqual([creditCodeOf(3)]);
  });

  it('verifies code, name and legal representative', async () => {
    const reader = await consumer(gateway(), operator);
    const verify = (body: object) =>
      gateway().http().post('/registries/legal-persons/verifications').set(bearer(reader.token)).send(body);
    expect(
      (await verify({ creditCode: creditCodeOf(1), name: '广州示例1科技有限公司', legalRepresentative: '陈明' })).body,
    ).toEqual({
      result: 'match',
    });
    expect(
      (await verify({ creditCode: creditCodeOf(1), name: '广州示例1科技有限公司', legalRepresentative: '李雷' })).body,
    ).toEqual({
      result: 'no_match',
    });
  });

  it('refuses a tax registration list of the wrong shape and a business term that ends before it starts', async () => {
    const code = creditCodeOf(9);
    const body = legalPersonRegistration(9);
    const refused = await gateway()
      .http()
      .put(`/registries/legal-persons/${code}`)
      .set(bearer(registries.market.token))
      .send({
        groups: {
          registration: { ...body.groups.registration, business_term_from: '2020-01-01', business_term_to: '2019-01-01' },
          tax: { tax_registrations: [{ authority: '国家税务总局广州市税务局' }] },
        },
      });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'groups.registration.business_term_to',
      'groups.tax.tax_registrations',
    ]);
  });

  it('answers /registries/legal-persons/disputes as the dispute list, not as a credit code', async () => {
    const listed = await gateway()
      .http()
      .get('/registries/legal-persons/disputes')
      .set(bearer(registries.market.token))
      .expect(200);
    expect(listed.body).toEqual({ items: [] });
  });
});
