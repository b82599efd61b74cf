import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AppConfig,
  AuditTrail,
  LOGGER,
  PROBLEM_CONTENT_TYPE,
  platformProblem,
  ResponseGates,
  type Logger,
} from '@hutong/platform';
import type { AuditEntry, AuditOutcome } from '../chain/audit-record';
import { AuditKeys } from '../keys/audit-keys';
import { AuditWriter } from '../store/audit-writer';
import { AuditedRoutes } from './audited-routes';
import { compact, principalOfRequest, requestDigestOf } from './entry-parts';

/**
 * Records every audited request before its response leaves (ARCHITECTURE §3): allowed or denied,
 * with who, what, outcome, status, latency and the SHA-256 of request and response bodies. If the
 * entry cannot be made durable the response is replaced by a 503 — nothing is served that the log
 * does not show (fail closed).
 */
@Injectable()
export class AuditRecorder implements OnApplicationBootstrap {
  constructor(
    private readonly routes: AuditedRoutes,
    private readonly writer: AuditWriter,
    private readonly keys: AuditKeys,
    private readonly gates: ResponseGates,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.audit.recording) {
      this.logger.warn(
        'AUDIT_RECORDING=off: requests are served WITHOUT audit entries (for measuring the cost of auditing only)',
      );
      return;
    }
    this.routes.load();
    this.gates.register((request, reply, payload) => this.gate(request, reply, payload));
  }

  private async gate(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const action = this.routes.actionFor(request.method, request.routeOptions.url);
    if (action === undefined) return payload;
    try {
      await this.writer.append(this.entryFor(action, request, reply, payload));
      return payload;
    } catch (error) {
      // Never the error object itself: a failed INSERT carries the batch's entries as parameters.
      this.logger.error({ action, cause: describeFailure(error) }, 'audit entry not written: the response is withheld');
      // What the handler meant to say about a result that is not being delivered goes too.
      for (const header of ['location', 'etag', 'content-disposition']) reply.removeHeader(header);
      const problem = platformProblem(
        'service-unavailable',
        'The access could not be recorded in the audit log, so nothing is served. Retry shortly.',
      );
      void reply.code(503).header('content-type', PROBLEM_CONTENT_TYPE).header('retry-after', '5');
      return JSON.stringify(problem.toDetails(request.url.split('?')[0], request.id));
    }
  }

  private entryFor(action: string, request: FastifyRequest, reply: FastifyReply, payload: unknown): AuditEntry {
    const principal = principalOfRequest();
    const details = AuditTrail.current() ?? {};
    const status = reply.statusCode;
    return compact({
      action,
      outcome: outcomeOf(status),
      requestId: request.id,
      principal,
      // Unverified: who a token request said it was. Kept apart so it cannot be mistaken for, or
      // pollute the statistics of, the principal it names.
      claimedClient: principal ? undefined : details.claimedPrincipal?.slice(0, 64),
      route: request.routeOptions.url,
      method: request.method,
      status,
      reason: status >= 400 ? reasonOf(payload) : undefined,
      resource: details.resource,
      purpose: details.purpose,
      grantId: details.grantId,
      subjects: details.subjects?.length ? details.subjects.map((s) => this.keys.subjectRef(s.kind, s.value)) : undefined,
      items: details.items?.length ? details.items : undefined,
      recordCount: details.recordCount,
      latencyMs: Math.round(reply.elapsedTime * 100) / 100,
      client: request.ip,
      // Keyed digests: a plain SHA-256 of a short body holding one citizen ID could be reversed by
      // trying every ID.
      requestDigest: requestDigestOf(request, this.keys),
      responseDigest: typeof payload === 'string' || Buffer.isBuffer(payload) ? this.keys.digest(payload) : undefined,
      before: details.before,
      after: details.after,
    });
  }
}

function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'allowed';
  if (status === 401 || status === 403) return 'denied';
  return 'error';
}

function describeFailure(error: unknown): Record<string, unknown> {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return { name: error instanceof Error ? error.name : typeof error, code: driver?.code, constraint: driver?.constraint };
}

/** The problem `code` (or `type`) of an error response, so reviewers can count denials by reason. */
function reasonOf(payload: unknown): string | undefined {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return undefined;
  try {
    const body = JSON.parse(payload) as { code?: unknown; type?: unknown; error?: unknown };
    const reason = body.code ?? body.error ?? body.type;
    return typeof reason === 'string' ? reason.slice(0, 100) : undefined;
  } catch {
    return undefined;
  }
}
