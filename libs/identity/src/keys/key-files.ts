import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { calculateJwkThumbprint } from 'jose';

export type GeneratedKeyAlgorithm = 'ES256' | 'EdDSA';

/** A private signing key as Hutong keeps it on disk and uses it in memory. */
export interface SigningKeyMaterial {
  readonly kid: string;
  readonly alg: 'ES256' | 'EdDSA' | 'PS256';
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Public members only (no kid/alg/use). */
  readonly publicJwk: Record<string, string>;
}

/** Generates a key pair; the kid is the RFC 7638 thumbprint of the public key. */
export async function generateSigningKey(alg: GeneratedKeyAlgorithm): Promise<SigningKeyMaterial> {
  const { privateKey } = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  return material(privateKey, undefined, alg);
}

/** The private JWK to write to a file: public members plus `d`, with kid, alg and use. */
export function privateJwkOf(key: SigningKeyMaterial): Record<string, string> {
  const jwk = key.privateKey.export({ format: 'jwk' }) as Record<string, string>;
  return { ...jwk, kid: key.kid, alg: key.alg, use: 'sig' };
}

/** The public JWK to register or publish. */
export function publicJwkOf(key: SigningKeyMaterial): Record<string, string> {
  return { ...key.publicJwk, kid: key.kid, alg: key.alg, use: 'sig' };
}

/**
 * Writes a private key readable by its owner only (mode 600) and refuses to overwrite an existing
 * file: losing a private key by a typo in a path is worse than an error.
 */
export async function writePrivateKeyFile(path: string, key: SigningKeyMaterial): Promise<void> {
  await writeFile(path, `${JSON.stringify(privateJwkOf(key), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
}

/**
 * Reads a private key from a JWK file (as Hutong writes them) or a PEM file (PKCS#8 or SEC1/PKCS#1,
 * as a certificate authority hands them out). `alg` is taken from the JWK, or inferred from the key type.
 */
export async function readPrivateKeyFile(path: string): Promise<SigningKeyMaterial> {
  const text = await readFile(path, 'utf8');
  return parsePrivateKey(text, path);
}

export async function parsePrivateKey(text: string, source: string): Promise<SigningKeyMaterial> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let jwk: Record<string, string>;
    try {
      jwk = JSON.parse(trimmed) as Record<string, string>;
    } catch {
      throw new Error(`${source}: not valid JSON`);
    }
    if (typeof jwk.d !== 'string') throw new Error(`${source}: the JWK has no private part ("d")`);
    const privateKey = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    return material(privateKey, typeof jwk.kid === 'string' ? jwk.kid : undefined, algorithmOf(privateKey, jwk.alg, source));
  }
  if (trimmed.includes('-----BEGIN') && trimmed.includes('PRIVATE KEY-----')) {
    const privateKey = createPrivateKey({ key: trimmed, format: 'pem' });
    return material(privateKey, undefined, algorithmOf(privateKey, undefined, source));
  }
  throw new Error(`${source}: expected a private JWK (JSON) or a PEM private key`);
}

function algorithmOf(privateKey: KeyObject, declared: string | undefined, source: string): SigningKeyMaterial['alg'] {
  const type = privateKey.asymmetricKeyType;
  const inferred =
    type === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1'
      ? 'ES256'
      : type === 'ed25519'
        ? 'EdDSA'
        : type === 'rsa' || type === 'rsa-pss'
          ? 'PS256'
          : undefined;
  if (inferred === undefined)
    throw new Error(`${source}: key type ${type ?? 'unknown'} is not supported (use P-256, Ed25519 or RSA)`);
  if (declared !== undefined && declared !== inferred) throw new Error(`${source}: "alg" ${declared} does not fit a ${type} key`);
  return inferred;
}

async function material(
  privateKey: KeyObject,
  kid: string | undefined,
  alg: SigningKeyMaterial['alg'],
): Promise<SigningKeyMaterial> {
  const publicKey = createPublicKey(privateKey);
  const publicJwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const thumbprint = await calculateJwkThumbprint(publicJwk, 'sha256');
  return { kid: kid ?? thumbprint, alg, privateKey, publicKey, publicJwk };
}
