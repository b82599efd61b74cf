import { Problem, registerProblemTypes } from '@hutong/platform';

/** Why a bearer token was refused; the reason is the problem's `code`. */
export type InvalidTokenReason =
  | 'malformed_token'
  | 'disallowed_algorithm'
  | 'wrong_token_type'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'invalid_claims'
  | 'principal_inactive'
  | 'key_revoked';

export type ForbiddenReason = 'route_not_declared' | 'wrong_principal_kind' | 'insufficient_scope';

const AUTH_PROBLEMS = {
  'missing-token': {
    title: 'Authentication required',
    status: 401,
    description: 'Send `Authorization: Bearer <access token>`; obtain one at POST /oauth2/token.',
  },
  'invalid-token': {
    title: 'Invalid access token',
    status: 401,
    description:
      'The bearer token was refused; `code` says why: malformed_token, disallowed_algorithm, wrong_token_type, unknown_key, bad_signature, expired, not_yet_valid, wrong_issuer, wrong_audience, invalid_claims, principal_inactive, key_revoked.',
  },
  'access-denied': {
    title: 'Access denied',
    status: 403,
    description:
      'The token is valid but does not allow this route; `code` says why: wrong_principal_kind, insufficient_scope, route_not_declared.',
  },
} as const;
registerProblemTypes(AUTH_PROBLEMS);

const REALM = 'realm="hutong"';

export function missingToken(detail: string): Problem {
  return new Problem({
    slug: 'missing-token',
    ...AUTH_PROBLEMS['missing-token'],
    detail,
    code: 'missing_token',
    // RFC 6750 §3.1: no error code when the request carried no credentials.
    headers: { 'www-authenticate': `Bearer ${REALM}` },
  });
}

export function invalidToken(reason: InvalidTokenReason, detail: string): Problem {
  return new Problem({
    slug: 'invalid-token',
    ...AUTH_PROBLEMS['invalid-token'],
    detail,
    code: reason,
    headers: { 'www-authenticate': `Bearer ${REALM}, error="invalid_token", error_description="${reason}"` },
  });
}

export function accessDenied(reason: ForbiddenReason, detail: string, requiredScopes: readonly string[] = []): Problem {
  return new Problem({
    slug: 'access-denied',
    ...AUTH_PROBLEMS['access-denied'],
    detail,
    code: reason,
    ...(reason === 'insufficient_scope'
      ? { headers: { 'www-authenticate': `Bearer ${REALM}, error="insufficient_scope", scope="${requiredScopes.join(' ')}"` } }
      : {}),
  });
}

/** Is this problem a refused token (as opposed to a missing one or a denial)? */
export function isInvalidToken(problem: Problem): boolean {
  return problem.init.slug === 'invalid-token';
}
