import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@hutong/platform';
import { SignJWT } from 'jose';
import { AgencyRepository } from '../agencies/agency.repository';
import type { Principal } from '../principals/principal';
import { ClientAssertionVerifier } from './client-assertion.verifier';
import { GatewayKeys } from './gateway-keys';
import { OAuthError } from './oauth-error';
import { allowedScopes, EXPLICIT_ONLY_SCOPES, isScope, type Scope } from './scopes';

export const CLIENT_CREDENTIALS = 'client_credentials';
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** The form fields of a token request, each exactly once (RFC 6749 §3.2). */
export interface TokenRequest {
  readonly grantType: string | undefined;
  readonly clientAssertionType: string | undefined;
  readonly clientAssertion: string | undefined;
  readonly clientId: string | undefined;
  readonly scope: string | undefined;
}

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope: string;
}

/** Claims of Hutong's access tokens beyond RFC 9068's registered ones. */
export interface AccessTokenClaims {
  readonly client_id: string;
  readonly scope: string;
  readonly principal_kind: Principal['kind'];
  /** kid of the client key whose assertion obtained this token: revoking that key ends the token. */
  readonly client_key_id: string;
}

/**
 * OAuth 2.0 client credentials with private_key_jwt client authentication (RFC 6749 §4.4, RFC 7523
 * §2.2) issuing RFC 9068 JWT access tokens signed with the gateway's current key.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly config: AppConfig,
    private readonly assertions: ClientAssertionVerifier,
    private readonly agencies: AgencyRepository,
    private readonly keys: GatewayKeys,
  ) {}

  async issue(request: TokenRequest): Promise<TokenResponse> {
    if (request.grantType === undefined) throw new OAuthError('invalid_request', 'missing_grant_type', 'grant_type is required.');
    if (request.grantType !== CLIENT_CREDENTIALS) {
      throw new OAuthError(
        'unsupported_grant_type',
        'unsupported_grant_type',
        `Only grant_type=${CLIENT_CREDENTIALS} is supported.`,
      );
    }
    if (request.clientAssertionType !== JWT_BEARER_ASSERTION || request.clientAssertion === undefined) {
      throw new OAuthError(
        'invalid_client',
        'client_authentication_required',
        `Authenticate with client_assertion_type=${JWT_BEARER_ASSERTION} and a client_assertion signed by your registered key.`,
      );
    }
    const requested = parseScope(request.scope);
    const client = await this.assertions.verify(request.clientAssertion, request.clientId);
    const scopes = await this.grantedScopes(client.principal, requested);
    const ttl = this.config.auth.accessTokenTtlSeconds;
    const signing = this.keys.signingKey;
    const claims: AccessTokenClaims = {
      client_id: client.principal.id,
      scope: scopes.join(' '),
      principal_kind: client.principal.kind,
      client_key_id: client.key.kid,
    };
    const accessToken = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: signing.alg, kid: signing.kid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(this.config.auth.issuer)
      .setSubject(client.principal.id)
      .setAudience(this.config.auth.audience)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${ttl}s`)
      .setJti(randomUUID())
      .sign(signing.privateKey);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ttl, scope: claims.scope };
  }

  /** requested ∩ allowed; when nothing is requested, everything allowed except the explicit-only scopes. */
  private async grantedScopes(principal: Principal, requested: readonly Scope[] | undefined): Promise<Scope[]> {
    const roles = principal.kind === 'agency' ? ((await this.agencies.find(principal.id))?.roles ?? []) : [];
    const allowed = allowedScopes(principal.kind, roles);
    if (requested === undefined) return allowed.filter((scope) => !EXPLICIT_ONLY_SCOPES.includes(scope));
    const granted = allowed.filter((scope) => requested.includes(scope));
    if (granted.length === 0) {
      throw new OAuthError(
        'invalid_scope',
        'scope_not_allowed',
        `None of the requested scopes is allowed for this client; it may request: ${allowed.join(' ')}.`,
      );
    }
    return granted;
  }
}

function parseScope(scope: string | undefined): Scope[] | undefined {
  if (scope === undefined || scope.trim() === '') return undefined;
  const names = scope.trim().split(/ +/);
  const unknown = names.find((name) => !isScope(name));
  if (unknown !== undefined) {
    throw new OAuthError('invalid_scope', 'unknown_scope', `Unknown scope "${unknown.slice(0, 40)}".`);
  }
  return names as Scope[];
}
