import { Readable } from 'node:stream';
import canonicalize from 'canonicalize';
import { CALLER_ATTRIBUTE, RequestContext, type CallerSummary } from '@hutong/platform';
import type { FastifyRequest } from 'fastify';
import type { AuditEntry } from '../chain/audit-record';
import type { AuditKeys } from '../keys/audit-keys';

/** The verified caller of this request as an entry names it; undefined before the guard admitted one. */
export function principalOfRequest(): AuditEntry['principal'] {
  const caller = RequestContext.get<CallerSummary>(CALLER_ATTRIBUTE);
  return caller && compact({ id: caller.principalId, kind: caller.kind, keyId: caller.keyId, tokenId: caller.tokenId });
}

/** Keyed digest of the canonical request body (a plain hash of a body holding one ID could be reversed). */
export function requestDigestOf(request: FastifyRequest, keys: AuditKeys): string | undefined {
  // A streamed body (a bulk file) has no canonical form here; its route records the file's digest.
  if (request.body === undefined || request.body instanceof Readable) return undefined;
  return keys.digest(canonicalOrPlain(request.body));
}

/**
 * RFC 8785 text of the body; a body it cannot canonicalise (a lone surrogate, a number read as
 * Infinity — refused with a 400 by the input guard, but still audited) is digested as
 * JSON.stringify writes it, so the refusal is recorded instead of failing as an audit error.
 */
function canonicalOrPlain(body: unknown): string {
  try {
    return canonicalize(body) ?? '';
  } catch {
    return `non-canonical:${JSON.stringify(body) ?? ''}`;
  }
}

/** Drops undefined members: the canonical text must not depend on how an object was built. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
