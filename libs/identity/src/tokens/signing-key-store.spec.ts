import { generateKeyPairSync } from 'node:crypto';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createLogger, type AuthConfig } from '@hutong/platform';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addSigningKey, loadSigningKeys, readKeyDirectory, rotateSigningKeys } from './signing-key-store';

const logger = createLogger({ level: 'silent' });

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hutong-signing-keys-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function authConfig(overrides: Partial<AuthConfig> = {}): AuthConfig {
  return {
    issuer: 'https://gateway.example.test',
    tokenEndpoint: 'https://gateway.example.test/oauth/token',
    audience: 'https://gateway.example.test/api',
    accessTokenTtlSeconds: 600,
    signingKeysDir: join(root, 'keys'),
    signingAlgorithm: 'ES256',
    generateSigningKeys: true,
    clockSkewSeconds: 30,
    ...overrides,
  };
}

const modeOf = (path: string): number => statSync(path).mode & 0o777;

/** A PKCS#8 PEM EC P-256 private key, as an operator would place it by hand. */
function placePem(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const file = join(dir, name);
  writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  return file;
}

const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

describe('loadSigningKeys', () => {
  it('generates a key when the directory does not exist and generation is allowed', async () => {
    const auth = authConfig();
    const keys = await loadSigningKeys(auth, logger);

    expect(keys).toHaveLength(1);
    const [key] = keys;
    expect(key?.alg).toBe('ES256');
    expect(key?.kid).toBe(await calculateJwkThumbprint(key?.publicJwk as JWK, 'sha256'));
    expect(basename(key?.file ?? '')).toMatch(new RegExp(`^\\d{8}T\\d{9}Z-${key?.kid}\\.jwk\\.json$`));
    expect(modeOf(auth.signingKeysDir)).toBe(0o700);
    expect(modeOf(key?.file ?? '')).toBe(0o600);
  });

  it('generates an EdDSA key when that is the configured algorithm', async () => {
    const keys = await loadSigningKeys(authConfig({ signingAlgorithm: 'EdDSA' }), logger);
    expect(keys.map((key) => key.alg)).toEqual(['EdDSA']);
  });

  it('writes the generated private key so that the next start loads the same key', async () => {
    const auth = authConfig();
    const [generated] = await loadSigningKeys(auth, logger);
    const stored = JSON.parse(readFileSync(generated?.file ?? '', 'utf8')) as Record<string, string>;
    expect(stored).toMatchObject({ kid: generated?.kid, alg: 'ES256', use: 'sig', kty: 'EC', crv: 'P-256' });
    expect(typeof stored.d).toBe('string');

    const again = await loadSigningKeys(auth, logger);
    expect(again.map((key) => key.kid)).toEqual([generated?.kid]);
    expect(readdirSync(auth.signingKeysDir)).toHaveLength(1);
  });

  it('refuses to start without keys when generation is off, naming SIGNING_KEYS_GENERATE', async () => {
    const auth = authConfig({ generateSigningKeys: false });
    await expect(loadSigningKeys(auth, logger)).rejects.toThrow(/SIGNING_KEYS_GENERATE/);

    mkdirSync(auth.signingKeysDir, { mode: 0o700 });
    await expect(loadSigningKeys(auth, logger)).rejects.toThrow(auth.signingKeysDir);
    expect(readdirSync(auth.signingKeysDir)).toEqual([]);
  });

  it('loads a hand-placed PEM key instead of generating one, even when generation is allowed', async () => {
    const auth = authConfig();
    const file = placePem(auth.signingKeysDir, 'gateway.pem');
    const keys = await loadSigningKeys(auth, logger);
    expect(keys.map((key) => key.file)).toEqual([file]);
    expect(readdirSync(auth.signingKeysDir)).toEqual(['gateway.pem']);
  });
});

describe('readKeyDirectory', () => {
  it('returns no keys for a missing directory', async () => {
    expect(await readKeyDirectory(join(root, 'nowhere'))).toEqual([]);
  });

  it('loads a PKCS#8 PEM EC private key as ES256 with its thumbprint as kid', async () => {
    const dir = join(root, 'keys');
    const file = placePem(dir, 'operator.pem');
    const [key, ...rest] = await readKeyDirectory(dir);
    expect(rest).toEqual([]);
    expect(key?.alg).toBe('ES256');
    expect(key?.file).toBe(file);
    expect(key?.kid).toBe(await calculateJwkThumbprint(key?.publicJwk as JWK, 'sha256'));
  });

  it('refuses a key file readable by the group, telling the operator to chmod 600 it', async () => {
    const dir = join(root, 'keys');
    const file = placePem(dir, 'operator.pem');
    chmodSync(file, 0o640);
    await expect(readKeyDirectory(dir)).rejects.toThrow('chmod 600');
    await expect(readKeyDirectory(dir)).rejects.toThrow(file);
  });

  it('refuses a key file readable by everyone', async () => {
    const auth = authConfig();
    const key = await addSigningKey(auth, T0);
    chmodSync(key.file, 0o644);
    await expect(readKeyDirectory(auth.signingKeysDir)).rejects.toThrow('chmod 600');
  });

  it('refuses an RSA signing key, which the access guard would never accept', async () => {
    const dir = authConfig().signingKeysDir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    writeFileSync(join(dir, 'rsa.pem'), pem, { mode: 0o600 });
    await expect(readKeyDirectory(dir)).rejects.toThrow(/must be EC P-256 \(ES256\) or Ed25519/);
  });

  it('ignores files that are not keys', async () => {
    const auth = authConfig();
    const key = await addSigningKey(auth, T0);
    writeFileSync(join(auth.signingKeysDir, 'README.txt'), 'not a key', { mode: 0o644 });
    expect((await readKeyDirectory(auth.signingKeysDir)).map((loaded) => loaded.kid)).toEqual([key.kid]);
  });
});

describe('addSigningKey', () => {
  it('tightens an existing directory to mode 700', async () => {
    const auth = authConfig();
    mkdirSync(auth.signingKeysDir, { mode: 0o755 });
    chmodSync(auth.signingKeysDir, 0o755);
    await addSigningKey(auth, T0);
    expect(modeOf(auth.signingKeysDir)).toBe(0o700);
  });

  it('names the file after the time and the kid', async () => {
    const key = await addSigningKey(authConfig(), T0);
    expect(basename(key.file)).toBe(`20300101T000000000Z-${key.kid}.jwk.json`);
  });
});

describe('rotateSigningKeys', () => {
  it('adds a key that becomes the signing key (the last one loaded) while the old one still verifies', async () => {
    const auth = authConfig();
    const first = await addSigningKey(auth, T0);
    const { added, removed } = await rotateSigningKeys(auth, at(60));

    expect(removed).toEqual([]);
    expect(added.kid).not.toBe(first.kid);
    const keys = await loadSigningKeys(auth, logger);
    expect(keys.map((key) => key.kid)).toEqual([first.kid, added.kid]);
    expect(modeOf(added.file)).toBe(0o600);
  });

  it('keeps a key superseded less than 690 s ago (token lifetime, skew and the reload minute)', async () => {
    const auth = authConfig();
    const a = await addSigningKey(auth, T0);
    const b = await addSigningKey(auth, at(1000));
    const { added, removed } = await rotateSigningKeys(auth, at(1000 + 689));

    expect(removed).toEqual([]);
    expect((await readKeyDirectory(auth.signingKeysDir)).map((key) => key.kid)).toEqual([a.kid, b.kid, added.kid]);
  });

  it('keeps a key superseded exactly 690 s ago (token lifetime, skew and the reload minute)', async () => {
    const auth = authConfig();
    const a = await addSigningKey(auth, T0);
    await addSigningKey(auth, at(1000));
    await rotateSigningKeys(auth, at(1000 + 690));
    expect((await readKeyDirectory(auth.signingKeysDir)).map((key) => key.kid)).toContain(a.kid);
  });

  it('removes generated keys superseded more than 690 s ago (token lifetime, skew and the reload minute), and only those', async () => {
    const auth = authConfig();
    const a = await addSigningKey(auth, T0);
    const b = await addSigningKey(auth, at(1000));
    const { added, removed } = await rotateSigningKeys(auth, at(1000 + 691));

    expect(removed).toEqual([basename(a.file)]);
    expect((await readKeyDirectory(auth.signingKeysDir)).map((key) => key.kid)).toEqual([b.kid, added.kid]);
  });

  it('after a long pause, removes every generated key but the previous and the new one', async () => {
    const auth = authConfig();
    const a = await addSigningKey(auth, T0);
    const b = await addSigningKey(auth, at(100));
    const c = await addSigningKey(auth, at(200));
    const { added, removed } = await rotateSigningKeys(auth, at(86_400));

    expect(removed.sort()).toEqual([basename(a.file), basename(b.file)].sort());
    expect((await readKeyDirectory(auth.signingKeysDir)).map((key) => key.kid)).toEqual([c.kid, added.kid]);
  });

  it('never removes a hand-placed PEM key', async () => {
    const auth = authConfig();
    const pem = placePem(auth.signingKeysDir, '0-operator.pem');
    await addSigningKey(auth, T0);
    await addSigningKey(auth, at(100));
    const { added, removed } = await rotateSigningKeys(auth, at(86_400));

    expect(removed).toHaveLength(1);
    expect(removed).not.toContain(basename(pem));
    const keys = await readKeyDirectory(auth.signingKeysDir);
    expect(keys.map((key) => key.file)).toContain(pem);
    expect(keys.at(-1)?.kid).toBe(added.kid);

    const again = await rotateSigningKeys(auth, at(2 * 86_400));
    expect(again.removed).not.toContain(basename(pem));
    expect(readdirSync(auth.signingKeysDir)).toContain(basename(pem));
  });

  it('makes the rotated key the signing key even when a hand-placed PEM sorts after it by name', async () => {
    const auth = authConfig();
    const pem = placePem(auth.signingKeysDir, 'gateway.pem');
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(pem, aMinuteAgo, aMinuteAgo);
    expect((await loadSigningKeys(auth, logger)).at(-1)?.file).toBe(pem);
    const { added } = await rotateSigningKeys(auth);
    const keys = await readKeyDirectory(auth.signingKeysDir);
    expect(keys.at(-1)?.kid).toBe(added.kid);
    expect(keys.map((key) => key.file)).toContain(pem);
  });
});
