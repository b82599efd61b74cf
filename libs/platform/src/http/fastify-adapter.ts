import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { PROBLEM_CONTENT_TYPE, problemType } from '../errors/problem';
import type { Logger } from '../logging/logger';
import type { MetricsRegistry } from '../metrics/metrics.registry';
import { installHttpHooks } from './http-hooks';
import { ResponseGates } from './response-gates';
import { requestIdFor } from './request-id';

/** Media types whose bodies reach their routes as a stream (Consumes them explicitly). */
export const BULK_MEDIA_TYPES = [
  'application/x-ndjson',
  'text/csv',
  'application/vnd.sdmx.data+csv',
  'application/geo+json',
  'application/geo+json-seq',
] as const;

/**
 * The gateway's HTTP server. Limits are set here rather than per route so that nothing is
 * unbounded by accident; bulk endpoints raise the body limit on their own routes.
 */
export function createFastifyAdapter(
  config: AppConfig,
  logger: Logger,
  metrics: MetricsRegistry,
  gates: ResponseGates = new ResponseGates(),
): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    genReqId: requestIdFor,
    requestIdHeader: false,
    // Keep-alive connections that are idle are closed at shutdown; busy ones finish their request.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Slow-loris protection: a client must send its headers promptly.
    requestTimeout: 60_000,
    connectionTimeout: 0,
    keepAliveTimeout: 72_000,
    // SDMX keys list codes with `+` (forty prefecture codes are ~300 characters); the URL itself stays bounded by Node's header limit.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 4096 },
    // Errors the router meets before any route runs (a malformed %-escape, an over-long parameter)
    // are answered like every other error: problem+json with the request id.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 400;
      void reply
        .code(status)
        .type(PROBLEM_CONTENT_TYPE)
        .send({
          type: problemType(status >= 500 ? 'internal-error' : 'bad-request'),
          title: status >= 500 ? 'Internal server error' : 'Bad request',
          status,
          detail: error.message,
          instance: request.url.split('?')[0],
          requestId: request.id,
        });
    },
  });
  installHttpHooks(adapter.getInstance(), logger, metrics, gates);
  // Fastify accepts text/plain bodies by default; no Hutong route does.
  adapter.getInstance().removeContentTypeParser('text/plain');
  // Bulk files are handed to their routes as streams, never buffered: an import may be gigabytes.
  adapter.getInstance().addContentTypeParser([...BULK_MEDIA_TYPES], (_request, payload, done) => done(null, payload));
  return adapter;
}
