import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ACCESS_METADATA,
  CALLER_ATTRIBUTE,
  MetricsRegistry,
  Problem,
  RequestContext,
  requiredScopes,
  type AccessRule,
} from '@hutong/platform';
import type { FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import type { Caller } from '../principals/principal';
import { AccessTokenVerifier } from './access-token.verifier';
import { accessDenied, invalidToken, missingToken } from './auth.errors';
import { attachCaller } from './caller.decorator';
import { CredentialStatusCache, type CredentialCheck } from './credential-status.cache';

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

/**
 * The one global guard (ARCHITECTURE §4). Every route must declare `@Access`: a route without a
 * declaration is refused for everyone, public routes say so, and every other route gets a verified
 * bearer token whose principal and client key are still active and whose kind and scopes fit.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly refusals: Counter<'reason'>;

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    private readonly statuses: CredentialStatusCache,
    metrics: MetricsRegistry,
  ) {
    this.refusals = new Counter({
      name: 'hutong_auth_refusals_total',
      help: 'Requests refused by the access guard, by reason',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
  }

  /**
   * Synchronous when the token and its principal's status are already known (the common case),
   * so a repeated token adds no promise or database round trip to the request.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    try {
      const rule = this.ruleFor(context);
      if (rule.public === true) return true;
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      const token = bearerToken(request.headers.authorization);
      const caller = this.verifier.cached(token);
      const check = caller && this.statuses.cachedCheck(caller);
      if (caller && check) return this.admit(rule, caller, check, request);
      return this.verifyAndAdmit(rule, token, request).catch((error: unknown) => this.refused(error));
    } catch (error) {
      return this.refused(error);
    }
  }

  private ruleFor(context: ExecutionContext): AccessRule {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (rule === undefined) {
      throw accessDenied('route_not_declared', 'This route declares no access rule, so it is closed to everyone.');
    }
    return rule;
  }

  private async verifyAndAdmit(rule: DeclaredRule, token: string, request: FastifyRequest): Promise<boolean> {
    const caller = await this.verifier.verify(token);
    return this.admit(rule, caller, await this.statuses.check(caller), request);
  }

  private admit(
    rule: DeclaredRule,
    caller: Caller,
    { verdict, allowedScopes }: CredentialCheck,
    request: FastifyRequest,
  ): boolean {
    // Set before any refusal below, so a denied request is recorded against the verified caller.
    RequestContext.set(CALLER_ATTRIBUTE, {
      principalId: caller.principalId,
      kind: caller.kind,
      keyId: caller.clientKeyId,
      tokenId: caller.tokenId,
    });
    if (verdict === 'principal_inactive') {
      throw invalidToken('principal_inactive', `${caller.principalId} is not active (suspended, retired or removed).`);
    }
    if (verdict === 'key_revoked') {
      throw invalidToken(
        'key_revoked',
        'The key this token was obtained with has been revoked; obtain a new token with an active key.',
      );
    }
    const effective = withinAllowed(caller, allowedScopes);
    authorize(rule, effective);
    attachCaller(request, effective);
    return true;
  }

  private refused(error: unknown): never {
    if (error instanceof Problem) this.refusals.inc({ reason: error.init.code ?? 'unknown' });
    throw error;
  }
}

type DeclaredRule = Extract<AccessRule, { kinds: readonly string[] }>;

function bearerToken(header: string | undefined): string {
  if (header === undefined || header === '') {
    throw missingToken('This route needs an access token: send Authorization: Bearer <token> (from POST /oauth2/token).');
  }
  const match = BEARER.exec(header);
  if (!match?.[1]) throw missingToken('The Authorization header must use the Bearer scheme: Authorization: Bearer <token>.');
  return match[1];
}

/**
 * The caller with only the scopes its principal may still hold: an agency that loses the provider
 * role loses `data.write` on its live tokens at once, not when they expire.
 */
function withinAllowed(caller: Caller, allowedScopes: ReadonlySet<string>): Caller {
  for (const scope of caller.scopes) {
    if (!allowedScopes.has(scope)) {
      return { ...caller, scopes: new Set([...caller.scopes].filter((s) => allowedScopes.has(s))) };
    }
  }
  return caller;
}

function authorize(rule: DeclaredRule, caller: Caller): void {
  if (!rule.kinds.includes(caller.kind)) {
    throw accessDenied(
      'wrong_principal_kind',
      `This route is for ${rule.kinds.join(' or ')} principals; the token belongs to ${caller.kind === 'reviewer' ? 'a' : 'an'} ${caller.kind}.`,
    );
  }
  const needed = requiredScopes(rule.scopes, caller.kind);
  const missing = needed.filter((scope) => !caller.scopes.has(scope));
  if (missing.length > 0) {
    throw accessDenied('insufficient_scope', `The token lacks the scope ${missing.join(', ')} this route needs.`, needed);
  }
}
