import { ArgumentsHost, Catch, HttpException, HttpStatus, Inject, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOGGER, type Logger } from '../logging/logger';
import { Problem, PROBLEM_CONTENT_TYPE } from './problem';
import { platformProblem, type PlatformProblemSlug } from './problems';

/**
 * The single place where an error becomes a response. Everything leaves as RFC 9457
 * problem+json with the request id; expected failures keep their status and reason; anything
 * unexpected is a 500 whose body says nothing about internals (the log has the stack).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(exception);

    if (problem.status >= 500) {
      this.logger.error({ err: exception, route: request.routeOptions?.url }, 'request failed with an unexpected error');
    }
    if (reply.sent) {
      // Headers already went out (a stream broke mid-way): nothing can be sent, but it is logged.
      this.logger.warn({ err: exception }, 'error after the response started; connection will be closed');
      return;
    }
    const body = problem.toDetails(request.url.split('?')[0], request.id);
    void reply
      .status(problem.status)
      .headers({ ...problem.init.headers, 'content-type': problem.init.contentType ?? PROBLEM_CONTENT_TYPE })
      .send(JSON.stringify(body));
  }
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

const FASTIFY_ERRORS: Record<string, { slug: PlatformProblemSlug; detail: (e: FastifyLikeError) => string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    slug: 'payload-too-large',
    detail: () => 'The request body is larger than this endpoint accepts.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    slug: 'unsupported-media-type',
    detail: () => 'This endpoint does not accept the Content-Type sent; use application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { slug: 'malformed-body', detail: () => 'Content-Length does not match the body.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    slug: 'malformed-body',
    detail: () => 'Content-Type is application/json but the body is empty.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { slug: 'malformed-body', detail: () => 'The request body is not valid JSON.' },
  FST_ERR_CTP_INVALID_TYPE: { slug: 'unsupported-media-type', detail: () => 'The Content-Type header is not valid.' },
};

export function toProblem(exception: unknown): Problem {
  if (exception instanceof Problem) return exception;
  // Nest wraps Fastify's own 4xx errors (body parsing, limits) in an HttpException; their code says more.
  const wrapped = exception instanceof HttpException ? asFastifyError(exception.cause) : undefined;
  if (wrapped?.code) return fromFastifyError(wrapped);
  if (exception instanceof HttpException) return fromHttpException(exception);
  const fastify = asFastifyError(exception);
  if (fastify) return fromFastifyError(fastify);
  return platformProblem('internal-error', 'An unexpected error occurred. Quote the request id when reporting it.');
}

function asFastifyError(exception: unknown): FastifyLikeError | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const candidate = exception as FastifyLikeError;
  if (typeof candidate.statusCode === 'number' && candidate.statusCode >= 400 && candidate.statusCode < 500) return candidate;
  return undefined;
}

function fromFastifyError(error: FastifyLikeError): Problem {
  const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
  if (known) return platformProblem(known.slug, known.detail(error));
  if (error instanceof SyntaxError) return platformProblem('malformed-body', `The body is not valid JSON: ${error.message}`);
  return platformProblem(slugForStatus(error.statusCode ?? 400), error.message ?? 'The request could not be processed.');
}

function fromHttpException(exception: HttpException): Problem {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
  if (status === (HttpStatus.NOT_FOUND as number) && /^Cannot [A-Z]+ /.test(detail)) {
    return platformProblem('not-found', `No route matches ${detail.replace(/^Cannot /, '')}.`);
  }
  return platformProblem(slugForStatus(status), detail);
}

function slugForStatus(status: number): PlatformProblemSlug {
  switch (status) {
    case 400:
      return 'bad-request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
      return 'method-not-allowed';
    case 406:
      return 'not-acceptable';
    case 409:
      return 'conflict';
    case 412:
      return 'precondition-failed';
    case 413:
      return 'payload-too-large';
    case 415:
      return 'unsupported-media-type';
    case 428:
      return 'precondition-required';
    case 429:
      return 'too-many-requests';
    case 503:
      return 'service-unavailable';
    default:
      return status >= 500 ? 'internal-error' : 'bad-request';
  }
}
