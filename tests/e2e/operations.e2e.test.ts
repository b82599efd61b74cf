import { HealthRegistry } from '@hutong/platform';
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/test-gateway';

describe('operations endpoints', () => {
  const gateway = useTestGateway();

  it('reports liveness without touching dependencies', async () => {
    const res = await gateway().http().get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('reports ready with the database check up', async () => {
    const res = await gateway().http().get('/health/ready').expect(200);
    expect(res.body.status).toBe('ready');
    expect(res.body.checks.database.status).toBe('up');
    expect(res.body.checks.kafka).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('echoes a well-formed X-Request-Id and generates one otherwise', async () => {
    const supplied = await gateway().http().get('/health/live').set('X-Request-Id', 'trace-abc.123').expect(200);
    expect(supplied.headers['x-request-id']).toBe('trace-abc.123');

    const generated = await gateway().http().get('/health/live').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    // A header that could forge log lines is not trusted.
    const hostile = await gateway().http().get('/health/live').set('X-Request-Id', 'x'.repeat(300)).expect(200);
    expect(hostile.headers['x-request-id']).not.toBe('x'.repeat(300));
  });

  it('writes the request id into the access log line of that request', async () => {
    await gateway().http().get('/problems').set('X-Request-Id', 'log-line-check-1').expect(200);
    const line = gateway()
      .logs.parsed()
      .find((l) => l.requestId === 'log-line-check-1' && l.msg === 'request completed');
    expect(line).toMatchObject({ method: 'GET', route: '/problems', status: 200 });
  });

  it('exposes Prometheus metrics with HTTP latency by route pattern and pool usage', async () => {
    await gateway().http().get('/problems/not-found').expect(200);
    const res = await gateway().http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/hutong_http_request_duration_seconds_bucket\{[^}]*route="\/problems\/:slug"[^}]*status="200"/);
    expect(res.text).toMatch(/hutong_db_pool_connections\{[^}]*state="max"[^}]*\} 5/);
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const res = await gateway().http().get('/no/such/route').set('X-Request-Id', 'nf-1').expect(404);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.body).toEqual({
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'No route matches GET /no/such/route.',
      instance: '/no/such/route',
      requestId: 'nf-1',
    });
  });

  it('makes every problem type resolvable', async () => {
    const list = await gateway().http().get('/problems').expect(200);
    expect(list.body.map((p: { type: string }) => p.type)).toContain('/problems/payload-too-large');
    const one = await gateway().http().get('/problems/payload-too-large').expect(200);
    expect(one.body).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
    await gateway().http().get('/problems/no-such-problem').expect(404);
  });

  it('turns not-ready once shutdown has begun, so the load balancer drains it', async () => {
    gateway().app.get(HealthRegistry).markShuttingDown();
    const res = await gateway().http().get('/health/ready').expect(503);
    expect(res.body.status).toBe('shutting_down');
  });
});

describe('readiness when the database goes away', () => {
  const gateway = useTestGateway();

  it('reports the database down with 503, and keeps serving liveness', async () => {
    await gateway().http().get('/health/ready').expect(200);
    await gateway().database.drop();
    const res = await gateway().http().get('/health/ready').expect(503);
    expect(res.body.status).toBe('unavailable');
    expect(res.body.checks.database.status).toBe('down');
    expect(typeof res.body.checks.database.error).toBe('string');
    await gateway().http().get('/health/live').expect(200);
  });
});
