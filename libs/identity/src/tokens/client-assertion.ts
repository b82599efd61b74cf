import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKeyMaterial } from '../keys/key-files';
import { CLIENT_CREDENTIALS, JWT_BEARER_ASSERTION } from './token.service';

export interface ClientAssertionInput {
  readonly clientId: string;
  /** The token endpoint URL, from the server's metadata (RFC 8414 `token_endpoint`). */
  readonly audience: string;
  readonly key: SigningKeyMaterial;
  readonly lifetimeSeconds?: number;
}

/** Signs an RFC 7523 client assertion: what the CLI (and any agency client) sends to /oauth2/token. */
export function signClientAssertion(input: ClientAssertionInput): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: input.key.alg, kid: input.key.kid, typ: 'JWT' })
    .setIssuer(input.clientId)
    .setSubject(input.clientId)
    .setAudience(input.audience)
    .setIssuedAt()
    .setExpirationTime(`${input.lifetimeSeconds ?? 60}s`)
    .setJti(randomUUID())
    .sign(input.key.privateKey);
}

/**
 * The body of the token request that carries a client assertion (RFC 7523 §2.2 with the client
 * credentials grant), form-encoded; `scope` narrows what the token may do.
 */
export function clientAssertionGrant(assertion: string, scope?: string): string {
  return new URLSearchParams({
    grant_type: CLIENT_CREDENTIALS,
    client_assertion_type: JWT_BEARER_ASSERTION,
    client_assertion: assertion,
    ...(scope ? { scope } : {}),
  }).toString();
}
