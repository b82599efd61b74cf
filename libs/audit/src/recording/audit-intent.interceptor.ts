import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { AppConfig, platformProblem } from '@hutong/platform';
import type { FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import { AuditKeys } from '../keys/audit-keys';
import { AuditWriter } from '../store/audit-writer';
import { AuditedRoutes } from './audited-routes';
import { compact, principalOfRequest, requestDigestOf } from './entry-parts';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Fail closed for changes, too: the response gate records a request after its handler has run,
 * which for a write is after the change has committed. So before an audited handler that can
 * change something runs, an `attempted` entry is made durable; if it cannot be, the handler never
 * runs and the caller gets 503. The result entry follows from the response gate as for any request.
 */
@Injectable()
export class AuditIntentInterceptor implements NestInterceptor {
  constructor(
    private readonly routes: AuditedRoutes,
    private readonly writer: AuditWriter,
    private readonly keys: AuditKeys,
    private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.config.audit.recording) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const action = READ_METHODS.has(request.method) ? undefined : this.routes.actionFor(request.method, request.routeOptions.url);
    if (action === undefined) return next.handle();
    const intent = this.writer
      .append(
        compact({
          action,
          outcome: 'attempted' as const,
          requestId: request.id,
          principal: principalOfRequest(),
          route: request.routeOptions.url,
          method: request.method,
          requestDigest: requestDigestOf(request, this.keys),
        }),
      )
      .catch(() => {
        throw platformProblem(
          'service-unavailable',
          'The change could not be recorded in the audit log first, so it was not made. Retry shortly.',
        );
      });
    return from(intent).pipe(switchMap(() => next.handle()));
  }
}
