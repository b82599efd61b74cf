import { Problem, registerProblemTypes } from '@hutong/platform';

/** RFC 6749 §5.2 error codes the token endpoint uses. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'invalid_scope' | 'unsupported_grant_type';

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  invalid_scope: 400,
  unsupported_grant_type: 400,
};

const SLUG = 'oauth-error';
registerProblemTypes({
  [SLUG]: {
    title: 'Token request refused',
    status: 400,
    description:
      'The token endpoint refused the request. `error` is the RFC 6749 code (invalid_request, invalid_client, invalid_grant, invalid_scope, unsupported_grant_type) and `code` the precise reason.',
  },
});

/**
 * A token-endpoint failure. The body is an RFC 6749 error response (`error`, `error_description`,
 * application/json, no-store) that also carries the RFC 9457 members, so OAuth clients and
 * Hutong's own problem handling both understand it.
 */
export class OAuthError extends Problem {
  constructor(
    readonly error: OAuthErrorCode,
    /** Hutong's precise reason, e.g. `assertion_replayed`. */
    reason: string,
    description: string,
  ) {
    super({
      slug: SLUG,
      title: 'Token request refused',
      status: STATUS[error],
      detail: description,
      code: reason,
      extensions: { error, error_description: description },
      contentType: 'application/json; charset=utf-8',
      headers: {
        'cache-control': 'no-store',
        pragma: 'no-cache',
        ...(error === 'invalid_client' ? { 'www-authenticate': 'Bearer realm="hutong", error="invalid_client"' } : {}),
      },
    });
  }
}
