import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventLog, eventSchemas } from '@hutong/exchange';
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../../support/test-gateway';

const PUBLISHED = 'cn.gov.hutong.catalog.resource.published.v1';

describe('GET /contracts/events/:file', () => {
  const gateway = useTestGateway();

  it('serves the checked-in schema, byte for byte, as application/schema+json without a token', async () => {
    const res = await gateway().http().get(`/contracts/events/${PUBLISHED}.json`).expect(200);
    expect(res.headers['content-type']).toBe('application/schema+json');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.text).toBe(readFileSync(join(eventSchemas().directory, `${PUBLISHED}.json`), 'utf8'));
  });

  it('resolves the dataschema the event log writes into every envelope, for every type', async () => {
    const log = gateway().app.get(EventLog);
    for (const type of eventSchemas().types()) {
      const path = new URL(log.schemaOf(type)).pathname;
      await gateway().http().get(path).expect(200);
    }
  });

  it('answers a name outside the published set with a problem+json 404, never a file from disk', async () => {
    for (const name of [
      'cn.gov.hutong.catalog.resource.deleted.v1.json',
      PUBLISHED,
      '..%2F..%2Fpackage.json',
      '%2E%2E%2Fopenapi.yaml',
    ]) {
      const res = await gateway().http().get(`/contracts/events/${name}`).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toMatch(/\/problems\/not-found$/);
    }
    const unknown = await gateway().http().get('/contracts/events/cn.gov.hutong.catalog.resource.deleted.v1.json').expect(404);
    expect(unknown.body.detail).toBe('There is no event schema called "cn.gov.hutong.catalog.resource.deleted.v1.json".');
  });
});
