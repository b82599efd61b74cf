import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { checkPublicJwk, type KeyPolicyResult } from './jwk-policy';

type Jwk = Record<string, unknown>;

const jwkOf = (key: KeyObject): Jwk => key.export({ format: 'jwk' });

const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed25519 = () => generateKeyPairSync('ed25519');
const rsa = (modulusLength: number) => generateKeyPairSync('rsa', { modulusLength });
/** RSA generation is slow; the RSA cases share one 2048-bit pair (each export is a fresh object). */
const rsa2048 = rsa(2048);

/** Narrows a result to a refusal, failing the test with the accepted key if it was accepted. */
function refusalOf(result: KeyPolicyResult): { reason: string; message: string } {
  if (result.ok) throw new Error(`expected a refusal, the key was accepted: ${JSON.stringify(result.key)}`);
  return { reason: result.reason, message: result.message };
}

function acceptedOf(result: KeyPolicyResult) {
  if (!result.ok) throw new Error(`expected the key to be accepted, refused: ${result.reason}: ${result.message}`);
  return result.key;
}

describe('checkPublicJwk', () => {
  describe('accepts public signing keys', () => {
    it('accepts an EC P-256 public key as ES256 with its RFC 7638 thumbprint', async () => {
      const jwk = jwkOf(p256().publicKey);
      const key = acceptedOf(await checkPublicJwk(jwk));
      expect(key.alg).toBe('ES256');
      expect(key.jwk).toEqual({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });
      expect(key.thumbprint).toBe(await calculateJwkThumbprint(jwk as JWK, 'sha256'));
    });

    it('accepts an Ed25519 public key as EdDSA', async () => {
      const jwk = jwkOf(ed25519().publicKey);
      const key = acceptedOf(await checkPublicJwk(jwk));
      expect(key.alg).toBe('EdDSA');
      expect(key.jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: jwk.x });
      expect(key.thumbprint).toBe(await calculateJwkThumbprint(jwk as JWK, 'sha256'));
    });

    it('accepts a 2048-bit RSA public key as PS256', async () => {
      const jwk = jwkOf(rsa2048.publicKey);
      const key = acceptedOf(await checkPublicJwk(jwk));
      expect(key.alg).toBe('PS256');
      expect(key.jwk).toEqual({ kty: 'RSA', n: jwk.n, e: jwk.e });
      expect(key.thumbprint).toBe(await calculateJwkThumbprint(jwk as JWK, 'sha256'));
    });

    it('accepts an RSA key that declares alg PS256', async () => {
      const key = acceptedOf(await checkPublicJwk({ ...jwkOf(rsa2048.publicKey), alg: 'PS256' }));
      expect(key.alg).toBe('PS256');
    });

    it('stores only the public members, dropping kid, use, alg, key_ops and unknown members', async () => {
      const jwk = jwkOf(p256().publicKey);
      const key = acceptedOf(
        await checkPublicJwk({
          ...jwk,
          kid: 'my-key',
          use: 'sig',
          alg: 'ES256',
          key_ops: ['verify'],
          x5u: 'https://example.test',
        }),
      );
      expect(Object.keys(key.jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
      // The thumbprint covers the key, not the caller's kid or other decoration.
      expect(key.thumbprint).toBe(await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } as JWK, 'sha256'));
    });

    it('gives different keys different thumbprints', async () => {
      const first = acceptedOf(await checkPublicJwk(jwkOf(p256().publicKey)));
      const second = acceptedOf(await checkPublicJwk(jwkOf(p256().publicKey)));
      expect(first.thumbprint).not.toBe(second.thumbprint);
    });
  });

  describe('refuses private key material', () => {
    it('refuses an EC private key and does not echo the private scalar', async () => {
      const jwk = jwkOf(p256().privateKey);
      expect(typeof jwk.d).toBe('string');
      const refusal = refusalOf(await checkPublicJwk(jwk));
      expect(refusal.reason).toBe('private_key_material');
      expect(refusal.message).toContain('"d"');
      expect(refusal.message).not.toContain(jwk.d as string);
    });

    it('refuses an Ed25519 private key', async () => {
      const jwk = jwkOf(ed25519().privateKey);
      const refusal = refusalOf(await checkPublicJwk(jwk));
      expect(refusal.reason).toBe('private_key_material');
      expect(refusal.message).not.toContain(jwk.d as string);
    });

    it('refuses an RSA private key and does not echo any private member', async () => {
      const jwk = jwkOf(rsa2048.privateKey);
      const refusal = refusalOf(await checkPublicJwk(jwk));
      expect(refusal.reason).toBe('private_key_material');
      for (const name of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
        expect(refusal.message).not.toContain(jwk[name] as string);
      }
    });

    it.each(['p', 'q', 'dp', 'dq', 'qi'])('refuses an RSA public key carrying only the private member "%s"', async (name) => {
      const privateJwk = jwkOf(rsa2048.privateKey);
      const { n, e, kty } = privateJwk;
      const refusal = refusalOf(await checkPublicJwk({ kty, n, e, [name]: privateJwk[name] }));
      expect(refusal.reason).toBe('private_key_material');
      expect(refusal.message).toContain(`"${name}"`);
      expect(refusal.message).not.toContain(privateJwk[name] as string);
    });
  });

  it('refuses a symmetric oct key without echoing the secret', async () => {
    const secret = Buffer.from('a shared secret of thirty-two by').toString('base64url');
    const refusal = refusalOf(await checkPublicJwk({ kty: 'oct', k: secret, alg: 'HS256' }));
    expect(refusal.reason).toBe('symmetric_key');
    expect(refusal.message).not.toContain(secret);
  });

  it('refuses a 1024-bit RSA key and says how many bits it has', async () => {
    const refusal = refusalOf(await checkPublicJwk(jwkOf(rsa(1024).publicKey)));
    expect(refusal.reason).toBe('rsa_key_too_small');
    expect(refusal.message).toContain('1024');
    expect(refusal.message).toContain('2048');
  });

  describe('refuses unsupported curves', () => {
    it('refuses EC P-384', async () => {
      const refusal = refusalOf(await checkPublicJwk(jwkOf(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey)));
      expect(refusal.reason).toBe('unsupported_curve');
      expect(refusal.message).toContain('P-384');
    });

    it('refuses EC secp256k1', async () => {
      const refusal = refusalOf(await checkPublicJwk(jwkOf(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey)));
      expect(refusal.reason).toBe('unsupported_curve');
      expect(refusal.message).toContain('secp256k1');
    });

    it('refuses an X25519 (key agreement) OKP key', async () => {
      const refusal = refusalOf(await checkPublicJwk(jwkOf(generateKeyPairSync('x25519').publicKey)));
      expect(refusal.reason).toBe('unsupported_curve');
      expect(refusal.message).toContain('X25519');
    });
  });

  describe('refuses unknown key types', () => {
    it('refuses an unknown kty', async () => {
      const refusal = refusalOf(await checkPublicJwk({ kty: 'DSA', y: 'AQAB' }));
      expect(refusal.reason).toBe('unsupported_key_type');
      expect(refusal.message).toContain('DSA');
    });

    it('refuses a JWK without kty', async () => {
      const { kty: _kty, ...withoutKty } = jwkOf(p256().publicKey);
      const refusal = refusalOf(await checkPublicJwk(withoutKty));
      expect(refusal.reason).toBe('unsupported_key_type');
      expect(refusal.message).toContain('kty');
    });
  });

  describe('refuses algorithms other than the key type signs with', () => {
    it('refuses an RSA key declared RS256', async () => {
      const refusal = refusalOf(await checkPublicJwk({ ...jwkOf(rsa2048.publicKey), alg: 'RS256' }));
      expect(refusal.reason).toBe('unsupported_algorithm');
      expect(refusal.message).toContain('RS256');
      expect(refusal.message).toContain('PS256');
    });

    it('refuses an EC P-256 key declared ES384', async () => {
      const refusal = refusalOf(await checkPublicJwk({ ...jwkOf(p256().publicKey), alg: 'ES384' }));
      expect(refusal.reason).toBe('unsupported_algorithm');
    });
  });

  describe('refuses keys not meant for signatures', () => {
    it('refuses use "enc"', async () => {
      const refusal = refusalOf(await checkPublicJwk({ ...jwkOf(p256().publicKey), use: 'enc' }));
      expect(refusal.reason).toBe('wrong_use');
      expect(refusal.message).toContain('enc');
    });

    it('refuses key_ops containing "sign"', async () => {
      const refusal = refusalOf(await checkPublicJwk({ ...jwkOf(p256().publicKey), key_ops: ['sign', 'verify'] }));
      expect(refusal.reason).toBe('wrong_use');
    });

    it('refuses key_ops that is not an array', async () => {
      const refusal = refusalOf(await checkPublicJwk({ ...jwkOf(p256().publicKey), key_ops: 'verify' }));
      expect(refusal.reason).toBe('wrong_use');
    });
  });

  describe('refuses malformed keys', () => {
    it('refuses an EC point that is not on the curve', async () => {
      const jwk = jwkOf(p256().publicKey);
      const y = Buffer.from(jwk.y as string, 'base64url');
      y[31] = (y[31] ?? 0) ^ 1;
      const refusal = refusalOf(await checkPublicJwk({ ...jwk, y: y.toString('base64url') }));
      expect(refusal.reason).toBe('malformed_key');
    });

    it('refuses an EC x coordinate of the wrong length', async () => {
      const jwk = jwkOf(p256().publicKey);
      const shortX = Buffer.from(jwk.x as string, 'base64url')
        .subarray(1)
        .toString('base64url');
      const refusal = refusalOf(await checkPublicJwk({ ...jwk, x: shortX }));
      expect(refusal.reason).toBe('malformed_key');
      expect(refusal.message).toContain('"x"');
    });

    it('refuses an EC key without y', async () => {
      const { y: _y, ...withoutY } = jwkOf(p256().publicKey);
      const refusal = refusalOf(await checkPublicJwk(withoutY));
      expect(refusal.reason).toBe('malformed_key');
      expect(refusal.message).toContain('"y"');
    });

    it('refuses a member that is not base64url', async () => {
      const jwk = jwkOf(ed25519().publicKey);
      const refusal = refusalOf(await checkPublicJwk({ ...jwk, x: `${(jwk.x as string).slice(0, -1)}+` }));
      expect(refusal.reason).toBe('malformed_key');
    });

    it('refuses an RSA key without an exponent', async () => {
      const { e: _e, ...withoutE } = jwkOf(rsa2048.publicKey);
      const refusal = refusalOf(await checkPublicJwk(withoutE));
      expect(refusal.reason).toBe('unsupported_rsa_exponent');
      expect(refusal.message).toContain('"e"');
    });

    it('refuses RSA public exponents that make signatures forgeable (e = 1, even e)', async () => {
      for (const e of ['AQ', 'Ag', 'AQAC']) {
        expect(refusalOf(await checkPublicJwk({ ...jwkOf(rsa2048.publicKey), e })).reason, e).toBe('unsupported_rsa_exponent');
      }
    });

    it('refuses a member in non-canonical base64url (the same key spelled differently)', async () => {
      const jwk = jwkOf(p256().publicKey) as Record<string, string>;
      const x = jwk.x ?? '';
      // 32 bytes encode to 43 characters whose last one carries 2 unused bits; set one of them.
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = alphabet.indexOf(x.at(-1) ?? 'A');
      const respelled = `${x.slice(0, -1)}${alphabet[last ^ 1]}`;
      expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(x, 'base64url'))).toBe(true);
      expect(refusalOf(await checkPublicJwk({ ...jwk, x: respelled })).reason).toBe('malformed_key');
    });
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', '{"kty":"EC"}'],
    ['a number', 42],
    ['an array', [{ kty: 'EC' }]],
  ])('refuses %s as not_an_object', async (_label, input) => {
    const refusal = refusalOf(await checkPublicJwk(input));
    expect(refusal.reason).toBe('not_an_object');
  });
});
