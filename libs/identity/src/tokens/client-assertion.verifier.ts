import { Injectable } from '@nestjs/common';
import { AppConfig, AuditTrail } from '@hutong/platform';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { CLIENT_KEY_ALGORITHMS, importPublicJwk } from '../keys/jwk-policy';
import type { PrincipalKey } from '../keys/principal-key';
import { PrincipalKeyRepository } from '../keys/principal-key.repository';
import { PrincipalRepository } from '../principals/principal.repository';
import { PRINCIPAL_CODE_PATTERN, type Principal } from '../principals/principal';
import { AssertionReplayRepository } from './assertion-replay.repository';
import { OAuthError } from './oauth-error';

/** RFC 7523 §3: assertions are short-lived; Hutong accepts at most five minutes ahead. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
const MAX_ASSERTION_LENGTH = 8192;
const JTI_PATTERN = /^[\x21-\x7e]{8,256}$/;

export interface AuthenticatedClient {
  readonly principal: Principal;
  readonly key: PrincipalKey;
}

const refuse = (reason: string, description: string): OAuthError => new OAuthError('invalid_client', reason, description);

/**
 * Authenticates a client by its `private_key_jwt` assertion (RFC 7523 §3, RFC 7521 §4.2): signed by a
 * usable registered key of the client, `iss` = `sub` = client id, `aud` = this token endpoint (or the
 * issuer identifier, which RFC 7523 also allows), `exp` at most five minutes ahead, `iat` not in the
 * future, and a `jti` never seen before by any gateway instance.
 */
@Injectable()
export class ClientAssertionVerifier {
  constructor(
    private readonly config: AppConfig,
    private readonly principals: PrincipalRepository,
    private readonly keys: PrincipalKeyRepository,
    private readonly replays: AssertionReplayRepository,
  ) {}

  async verify(assertion: string, declaredClientId: string | undefined): Promise<AuthenticatedClient> {
    const { header, claims } = decodeUnverified(assertion);
    const clientId = claims.iss;
    if (typeof clientId !== 'string' || !PRINCIPAL_CODE_PATTERN.test(clientId)) {
      throw refuse('invalid_issuer', 'The client assertion\'s "iss" must be a principal code (letters, digits, . _ -).');
    }
    AuditTrail.record({ claimedPrincipal: clientId });
    if (declaredClientId !== undefined && declaredClientId !== clientId) {
      throw refuse('client_id_mismatch', 'client_id does not match the assertion\'s "iss".');
    }
    if (!(CLIENT_KEY_ALGORITHMS as readonly string[]).includes(header.alg ?? '')) {
      throw refuse(
        'disallowed_algorithm',
        `Assertions must be signed with ${CLIENT_KEY_ALGORITHMS.join(', ')}; got ${String(header.alg)}.`,
      );
    }
    const principal = await this.principals.find(clientId);
    if (!principal) throw refuse('unknown_client', `No principal is registered with code ${clientId}.`);
    if (principal.status !== 'active') throw refuse('client_inactive', `The client ${clientId} is ${principal.status}.`);
    const candidates = (await this.keys.usableKeys(clientId)).filter(
      (key) => key.alg === header.alg && (header.kid === undefined || key.kid === header.kid),
    );
    if (candidates.length === 0) {
      throw refuse(
        'unknown_key',
        header.kid === undefined
          ? `The client has no usable ${header.alg} key.`
          : `The client has no usable key with kid "${header.kid}" (unknown, revoked, expired or not yet valid).`,
      );
    }
    const { payload, key } = await this.verifySignature(assertion, candidates, clientId);
    const expiresAt = this.checkLifetime(payload);
    if (!(await this.replays.claim(clientId, payload.jti as string, expiresAt))) {
      throw refuse(
        'assertion_replayed',
        'This client assertion (its jti) was already used; sign a new one for every token request.',
      );
    }
    return { principal, key };
  }

  private async verifySignature(
    assertion: string,
    candidates: readonly PrincipalKey[],
    clientId: string,
  ): Promise<{ payload: JWTPayload; key: PrincipalKey }> {
    const { tokenEndpoint, issuer, clockSkewSeconds } = this.config.auth;
    let lastError: unknown;
    for (const key of candidates) {
      try {
        const { payload } = await jwtVerify(assertion, importPublicJwk(key.publicJwk), {
          algorithms: [key.alg],
          issuer: clientId,
          subject: clientId,
          audience: [tokenEndpoint, issuer],
          clockTolerance: clockSkewSeconds,
          requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
        });
        return { payload, key };
      } catch (error) {
        lastError = error;
        if (!(error instanceof errors.JWSSignatureVerificationFailed)) break;
      }
    }
    throw assertionFailure(lastError);
  }

  private checkLifetime(payload: JWTPayload): Date {
    const now = Math.floor(Date.now() / 1000);
    const skew = this.config.auth.clockSkewSeconds;
    const exp = payload.exp as number;
    const iat = payload.iat as number;
    if (exp - now > MAX_ASSERTION_LIFETIME_SECONDS + skew) {
      throw refuse(
        'assertion_lifetime_too_long',
        `The assertion's exp must be at most ${MAX_ASSERTION_LIFETIME_SECONDS} seconds ahead.`,
      );
    }
    if (iat > now + skew) throw refuse('issued_in_future', "The assertion's iat is in the future; check the client clock.");
    if (typeof payload.jti !== 'string' || !JTI_PATTERN.test(payload.jti)) {
      throw refuse('invalid_jti', "The assertion's jti must be 8–256 printable ASCII characters, unique per assertion.");
    }
    return new Date((exp + skew) * 1000);
  }
}

function decodeUnverified(assertion: string): { header: { alg?: string; kid?: string }; claims: JWTPayload } {
  if (assertion.length > MAX_ASSERTION_LENGTH) throw refuse('malformed_assertion', 'The client assertion is too long.');
  try {
    return { header: decodeProtectedHeader(assertion), claims: decodeJwt(assertion) };
  } catch {
    throw refuse('malformed_assertion', 'The client assertion is not a signed JWT (JWS compact serialization).');
  }
}

function assertionFailure(error: unknown): OAuthError {
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return refuse('bad_signature', "The assertion's signature does not verify with any usable key of the client named in iss.");
  }
  if (error instanceof errors.JWTExpired) return refuse('assertion_expired', 'The client assertion has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const reason =
      error.claim === 'aud'
        ? 'wrong_audience'
        : error.claim === 'sub'
          ? 'subject_mismatch'
          : error.claim === 'nbf'
            ? 'not_yet_valid'
            : `invalid_${error.claim}`;
    const hint =
      error.claim === 'aud'
        ? ' (it must be the token endpoint URL)'
        : error.claim === 'sub'
          ? ' (sub must equal iss: the client itself)'
          : '';
    return refuse(reason, `The client assertion's "${error.claim}" claim is not acceptable${hint}.`);
  }
  if (error instanceof errors.JOSEError)
    return refuse('malformed_assertion', 'The client assertion could not be verified: it is malformed.');
  throw error;
}
