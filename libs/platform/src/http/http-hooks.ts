import type { FastifyInstance } from 'fastify';
import {
  CALLER_ATTRIBUTE,
  newRequestContext,
  RequestContext,
  type CallerSummary,
  type RequestContextStore,
} from '../context/request-context';
import { accessLoggerFor, type Logger } from '../logging/logger';
import type { ResponseGates } from './response-gates';
import { maskIdentifiers } from '../logging/mask-identifiers';
import type { MetricsRegistry } from '../metrics/metrics.registry';
import { REQUEST_ID_HEADER } from './request-id';

/** Routes whose traffic is scraped or probed every few seconds: counted in metrics, not logged. */
const QUIET_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Hooks every request passes through, installed on the Fastify instance before Nest adds routes:
 * request id echo, the async request context (so every log line carries the id), one access-log
 * line per response, and the latency histogram.
 */
/** The request's context, kept so the response hook (which may run outside the ALS scope) can read it. */
const contexts = new WeakMap<object, RequestContextStore>();

function callerOf(context: RequestContextStore | undefined): { caller?: string; callerKind?: string } {
  const caller = context?.attributes.get(CALLER_ATTRIBUTE) as CallerSummary | undefined;
  return caller ? { caller: caller.principalId, callerKind: caller.kind } : {};
}

export function installHttpHooks(fastify: FastifyInstance, logger: Logger, metrics: MetricsRegistry, gates: ResponseGates): void {
  const accessLog = accessLoggerFor(logger);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    const context = newRequestContext(request.id);
    contexts.set(request, context);
    RequestContext.run(context, done);
  });

  // Before the first byte goes out: the audit log records here and can still refuse to send.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (gates.empty) {
      done(null, payload);
      return;
    }
    gates.pass(request, reply, payload).then(
      (passed) => done(null, passed),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
    );
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw path: paths carry identifiers and would explode label cardinality.
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.observeHttp(request.method, route, reply.statusCode, seconds);
    if ((!QUIET_ROUTES.has(route) || reply.statusCode >= 500) && accessLog.isLevelEnabled('info')) {
      const path = request.url.split('?')[0] ?? '';
      accessLog.info(
        {
          requestId: request.id,
          method: request.method,
          route,
          // A path equal to its parameterless route pattern cannot carry an identifier.
          path: path === route && !route.includes(':') ? path : maskIdentifiers(path),
          status: reply.statusCode,
          durationMs: Math.round(reply.elapsedTime * 100) / 100,
          client: request.ip,
          ...callerOf(contexts.get(request)),
        },
        'request completed',
      );
    }
    done();
  });
}
