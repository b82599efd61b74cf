import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';

/** The signature algorithms a principal's key may use (ARCHITECTURE §4). */
export const CLIENT_KEY_ALGORITHMS = ['ES256', 'EdDSA', 'PS256'] as const;
export type ClientKeyAlgorithm = (typeof CLIENT_KEY_ALGORITHMS)[number];

export const MIN_RSA_BITS = 2048;
const RSA_PUBLIC_EXPONENT = 'AQAB';

export type KeyRejectionReason =
  | 'not_an_object'
  | 'private_key_material'
  | 'symmetric_key'
  | 'unsupported_key_type'
  | 'unsupported_curve'
  | 'rsa_key_too_small'
  | 'unsupported_rsa_exponent'
  | 'unsupported_algorithm'
  | 'wrong_use'
  | 'malformed_key';

export interface AcceptedPublicKey {
  readonly alg: ClientKeyAlgorithm;
  /** Only the public members, in a fixed shape: what is stored and published. */
  readonly jwk: Readonly<Record<string, string>>;
  /** RFC 7638 SHA-256 thumbprint, the default `kid`. */
  readonly thumbprint: string;
}

export interface KeyRefusal {
  readonly ok: false;
  readonly reason: KeyRejectionReason;
  readonly message: string;
}

export type KeyPolicyResult = { readonly ok: true; readonly key: AcceptedPublicKey } | KeyRefusal;

/** Members that only a private or secret key has (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

const refuse = (reason: KeyRejectionReason, message: string): KeyRefusal => ({ ok: false, reason, message });

/**
 * Decides whether a submitted JWK may be registered as a principal's verification key. The
 * checks run before any cryptographic import, so a refused key is never parsed by OpenSSL, and
 * the first failure wins with a reason the caller can act on.
 */
export async function checkPublicJwk(input: unknown): Promise<KeyPolicyResult> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return refuse('not_an_object', 'the key must be a JWK object (RFC 7517)');
  }
  const jwk = input as Record<string, unknown>;
  const privateMember = PRIVATE_MEMBERS.find((member) => member in jwk);
  if (jwk.kty === 'oct') {
    return refuse('symmetric_key', 'symmetric (oct) keys are refused: a shared secret cannot identify one principal');
  }
  if (privateMember !== undefined) {
    return refuse(
      'private_key_material',
      `the JWK contains the private member "${privateMember}"; upload only the public key and keep the private key where it was generated`,
    );
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') {
    return refuse('wrong_use', `"use" must be "sig" when present, got ${JSON.stringify(jwk.use)}`);
  }
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.every((op) => op === 'verify'))) {
    return refuse('wrong_use', '"key_ops" may only contain "verify"');
  }
  const shape = publicShape(jwk);
  if (!shape.ok) return shape;
  try {
    // Parses the key for real: rejects points off the curve and malformed moduli.
    importPublicJwk(shape.jwk);
  } catch {
    return refuse('malformed_key', 'the key members do not form a valid public key');
  }
  const thumbprint = await calculateJwkThumbprint(shape.jwk, 'sha256');
  return { ok: true, key: { alg: shape.alg, jwk: shape.jwk, thumbprint } };
}

/** A stored public JWK as a Node KeyObject (jose verifies with KeyObjects directly). */
export function importPublicJwk(jwk: Readonly<Record<string, string>>): KeyObject {
  return createPublicKey({ key: { ...jwk } as JsonWebKey, format: 'jwk' });
}

type ShapeResult = { ok: true; alg: ClientKeyAlgorithm; jwk: Record<string, string> } | KeyRefusal;

function publicShape(jwk: Record<string, unknown>): ShapeResult {
  switch (jwk.kty) {
    case 'EC':
      if (jwk.crv !== 'P-256') return refuse('unsupported_curve', `EC keys must use P-256 (ES256), got ${describe(jwk.crv)}`);
      return withAlg(jwk, 'ES256', { kty: 'EC', crv: 'P-256', x: member(jwk, 'x', 32), y: member(jwk, 'y', 32) });
    case 'OKP':
      if (jwk.crv !== 'Ed25519') {
        return refuse('unsupported_curve', `OKP keys must use Ed25519 (EdDSA), got ${describe(jwk.crv)}`);
      }
      return withAlg(jwk, 'EdDSA', { kty: 'OKP', crv: 'Ed25519', x: member(jwk, 'x', 32) });
    case 'RSA': {
      const n = member(jwk, 'n');
      const bits = n === undefined ? 0 : modulusBits(n);
      if (n !== undefined && bits < MIN_RSA_BITS) {
        return refuse('rsa_key_too_small', `RSA keys must have at least ${MIN_RSA_BITS} bits, this one has ${bits}`);
      }
      if (n !== undefined && Buffer.from(n, 'base64url')[0] === 0) {
        return refuse('malformed_key', 'RSA "n" must not have leading zero bytes (RFC 7518 §6.3.1.1)');
      }
      // e = 1 or an even exponent makes signatures forgeable without the private key; 65537 is the
      // only exponent in practical use, so it is the only one accepted.
      if (jwk.e !== RSA_PUBLIC_EXPONENT) {
        return refuse('unsupported_rsa_exponent', 'RSA keys must use the public exponent 65537 ("e": "AQAB")');
      }
      return withAlg(jwk, 'PS256', { kty: 'RSA', n, e: RSA_PUBLIC_EXPONENT });
    }
    case undefined:
      return refuse('unsupported_key_type', 'the JWK has no "kty"');
    default:
      return refuse(
        'unsupported_key_type',
        `key type ${describe(jwk.kty)} is not accepted; use EC P-256, OKP Ed25519 or RSA (PS256)`,
      );
  }
}

function withAlg(
  jwk: Record<string, unknown>,
  alg: ClientKeyAlgorithm,
  members: Record<string, string | undefined>,
): ShapeResult {
  if (jwk.alg !== undefined && jwk.alg !== alg) {
    const hint = alg === 'PS256' ? 'RSA keys are accepted only for PS256' : `this key type signs with ${alg}`;
    return refuse('unsupported_algorithm', `"alg" ${describe(jwk.alg)} is not accepted: ${hint}`);
  }
  const missing = Object.entries(members).find(([, value]) => value === undefined);
  if (missing) return refuse('malformed_key', `member "${missing[0]}" is missing or not base64url of the right length`);
  return { ok: true, alg, jwk: members as Record<string, string> };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * A base64url member, optionally of an exact decoded length; undefined if absent, wrong, or not in
 * canonical form. Canonical form matters: Buffer accepts stray trailing bits, so one key could
 * otherwise be written several ways, each with its own thumbprint, and registered to several
 * principals.
 */
function member(jwk: Record<string, unknown>, name: string, bytes?: number): string | undefined {
  const value = jwk[name];
  if (typeof value !== 'string' || !BASE64URL.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64url');
  if (decoded.toString('base64url') !== value) return undefined;
  if (bytes !== undefined && decoded.length !== bytes) return undefined;
  return value;
}

function modulusBits(n: string): number {
  const bytes = Buffer.from(n, 'base64url');
  let offset = 0;
  while (offset < bytes.length && bytes[offset] === 0) offset += 1;
  if (offset === bytes.length) return 0;
  return (bytes.length - offset - 1) * 8 + (32 - Math.clz32(bytes[offset] ?? 0));
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 40);
}
