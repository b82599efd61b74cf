import { beforeAll, describe, expect, it } from 'vitest';
import { populationEntry, publishEntry } from '../../support/catalog-fixtures';
import { accessToken, bearer, createAgency, createOperator } from '../../support/identity-fixtures';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway();

describe('smoke', () => {
  let operator: string;
  let provider: string;
  let consumer: string;
  beforeAll(async () => {
    operator = await accessToken(gateway(), await createOperator(gateway()));
    provider = await accessToken(gateway(), await createAgency(gateway(), operator, { roles: ['provider'] }));
    consumer = await accessToken(gateway(), await createAgency(gateway(), operator, { roles: ['consumer'] }));
  });

  it('publishes and finds', async () => {
    const code = await publishEntry(gateway(), provider, operator, populationEntry());
    expect(code).toMatch(/^101001\/000001$/);
    const found = await gateway().http().get('/catalog/resources').query({ q: '人口基礎' }).set(bearer(consumer));
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    console.log(JSON.stringify(found.body, null, 1).slice(0, 1500));
    const one = await gateway().http().get(`/catalog/resources/${code}`).set(bearer(consumer));
    expect(one.status, JSON.stringify(one.body)).toBe(200);
  });
});
