import { Injectable } from '@nestjs/common';
import { AppConfig } from '@hutong/platform';
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { PRINCIPAL_KINDS, type Caller, type PrincipalKind } from '../principals/principal';
import { GatewayKeys } from '../tokens/gateway-keys';
import { ACCESS_TOKEN_TYPE } from '../tokens/token.service';
import { invalidToken } from './auth.errors';
import { VerifiedTokenCache } from './verified-token.cache';

/** The only algorithms the gateway signs with; never `none`, never HMAC (no shared secrets exist). */
const GATEWAY_ALGORITHMS: readonly string[] = ['ES256', 'EdDSA'];
const MAX_TOKEN_LENGTH = 8192;
// The signature part may be empty so that an unsigned (`alg: none`) token is refused for its algorithm.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Verifies Hutong access tokens (RFC 9068 profile): algorithm allow-list, `typ`, known `kid`,
 * signature, `iss`, `aud`, `exp`/`nbf` with the configured skew, and the claims the guard relies
 * on. A token that passed is cached by its hash until it expires, so a repeated token costs one
 * hash and one map lookup; whether its principal and key are still active is checked separately,
 * on every request.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly cache = new VerifiedTokenCache();

  constructor(
    private readonly config: AppConfig,
    private readonly keys: GatewayKeys,
  ) {}

  /** The caller of a token verified before and not yet expired; undefined means "verify it". */
  cached(token: string): Caller | undefined {
    return this.cache.get(VerifiedTokenCache.keyOf(token), Date.now());
  }

  async verify(token: string): Promise<Caller> {
    const cached = this.cached(token);
    if (cached) return cached;
    const caller = await this.verifyFully(token);
    this.cache.set(
      VerifiedTokenCache.keyOf(token),
      caller,
      caller.expiresAt.getTime() + this.config.auth.clockSkewSeconds * 1000,
    );
    return caller;
  }

  private async verifyFully(token: string): Promise<Caller> {
    if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
      throw invalidToken('malformed_token', 'The bearer token is not a signed JWT (compact JWS).');
    }
    const header = protectedHeader(token);
    if (header.alg === undefined || !GATEWAY_ALGORITHMS.includes(header.alg)) {
      throw invalidToken(
        'disallowed_algorithm',
        `Tokens signed with ${String(header.alg)} are not accepted; this gateway signs with ${GATEWAY_ALGORITHMS.join(' or ')}.`,
      );
    }
    if (header.typ !== ACCESS_TOKEN_TYPE && header.typ !== `application/${ACCESS_TOKEN_TYPE}`) {
      throw invalidToken(
        'wrong_token_type',
        `The token's typ must be ${ACCESS_TOKEN_TYPE} (RFC 9068); an id token or client assertion is not an access token.`,
      );
    }
    const key = header.kid === undefined ? undefined : await this.keys.verificationKey(header.kid);
    if (!key)
      throw invalidToken('unknown_key', 'The token was not signed by a key this gateway publishes (see /.well-known/jwks.json).');
    if (key.alg !== header.alg) {
      throw invalidToken('disallowed_algorithm', `Key ${key.kid} signs with ${key.alg}, but the token claims ${header.alg}.`);
    }
    const { issuer, audience, clockSkewSeconds } = this.config.auth;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key.publicKey, {
        algorithms: [key.alg],
        typ: header.typ,
        issuer,
        audience,
        clockTolerance: clockSkewSeconds,
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
      }));
    } catch (error) {
      throw verificationFailure(error);
    }
    return callerFrom(payload);
  }
}

function protectedHeader(token: string): ProtectedHeaderParameters {
  try {
    return decodeProtectedHeader(token);
  } catch {
    throw invalidToken('malformed_token', 'The token header is not valid base64url JSON.');
  }
}

function verificationFailure(error: unknown): Error {
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return invalidToken('bad_signature', 'The token signature does not verify: it was altered or signed by another key.');
  }
  if (error instanceof errors.JWTExpired) return invalidToken('expired', 'The access token has expired; obtain a new one.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return invalidToken('wrong_issuer', 'The token was issued by someone else (iss).');
      case 'aud':
        return invalidToken('wrong_audience', 'The token is meant for another audience (aud).');
      case 'nbf':
      case 'iat':
        return invalidToken('not_yet_valid', 'The token is not valid yet (nbf/iat in the future); check clocks.');
      default:
        return invalidToken('invalid_claims', `The token's "${error.claim}" claim is missing or invalid.`);
    }
  }
  if (error instanceof errors.JOSEError) return invalidToken('malformed_token', 'The token could not be parsed.');
  return error instanceof Error ? error : new Error(String(error));
}

function callerFrom(payload: JWTPayload): Caller {
  const { sub, client_id: clientId, principal_kind: kind, scope, client_key_id: clientKeyId, jti, exp } = payload;
  const valid =
    typeof sub === 'string' &&
    clientId === sub &&
    typeof kind === 'string' &&
    (PRINCIPAL_KINDS as readonly string[]).includes(kind) &&
    typeof scope === 'string' &&
    typeof clientKeyId === 'string' &&
    typeof jti === 'string' &&
    typeof exp === 'number';
  if (!valid) throw invalidToken('invalid_claims', 'The token lacks the claims Hutong access tokens carry.');
  return {
    principalId: sub,
    kind: kind as PrincipalKind,
    scopes: new Set(scope.split(' ').filter(Boolean)),
    clientKeyId,
    tokenId: jti,
    expiresAt: new Date(exp * 1000),
  };
}
