import { chmod, mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthConfig, Logger } from '@hutong/platform';
import { generateSigningKey, parsePrivateKey, writePrivateKeyFile, type SigningKeyMaterial } from '../keys/key-files';

/** A key the gateway signs or verifies access tokens with, and the file it came from. */
export interface GatewaySigningKey extends SigningKeyMaterial {
  readonly file: string;
}

/** Files Hutong writes: `<UTC timestamp to the millisecond>-<kid>.jwk.json`; they sort in creation order. */
const GENERATED_FILE = /^(\d{8}T\d{9}Z)-([A-Za-z0-9_-]+)\.jwk\.json$/;
const KEY_FILE = /\.(jwk\.json|pem)$/;
/**
 * How long a superseded key must stay published: the longest access-token lifetime, the clock
 * skew, and the minute a running gateway may keep signing with it before it re-reads the directory.
 */
const SUPERSEDED_KEY_RETENTION_MS = (600 + 30 + 60) * 1000;

/**
 * The gateway's own token-signing keys (ARCHITECTURE §4), read from SIGNING_KEYS_DIR: JWK or PEM
 * files, in the order they were added; the last one signs, all of them verify and are published in the JWKS,
 * so after `hutong keys rotate` tokens signed by the previous key stay valid until they expire.
 */
export async function loadSigningKeys(auth: AuthConfig, logger: Logger): Promise<GatewaySigningKey[]> {
  const keys = await readKeyDirectory(auth.signingKeysDir);
  if (keys.length > 0) return keys;
  if (!auth.generateSigningKeys) {
    throw new Error(
      `no token-signing key in ${auth.signingKeysDir}: put a PEM or JWK private key there, or set SIGNING_KEYS_GENERATE=true`,
    );
  }
  const created = await addSigningKey(auth);
  logger.info({ kid: created.kid, file: created.file }, 'generated the gateway token-signing key');
  return [created];
}

/**
 * The key files in the order they were added (modification time, then name); the last one signs.
 * Ordering by time rather than name means a PEM an operator drops in and a key `hutong keys rotate`
 * generates are treated alike: whichever came last signs.
 */
export async function readKeyDirectory(dir: string): Promise<GatewaySigningKey[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => KEY_FILE.test(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = await Promise.all(
    names.map(async (name) => {
      const file = join(dir, name);
      return { name, file, stats: await stat(file) };
    }),
  );
  files.sort((a, b) => a.stats.mtimeMs - b.stats.mtimeMs || a.name.localeCompare(b.name));
  const keys: GatewaySigningKey[] = [];
  for (const { file, stats } of files) {
    const mode = stats.mode & 0o077;
    if (mode !== 0) throw new Error(`${file} is readable by other users (mode ${(mode | 0o600).toString(8)}); chmod 600 it`);
    const material = await parsePrivateKey(await readFile(file, 'utf8'), file);
    if (material.alg !== 'ES256' && material.alg !== 'EdDSA') {
      throw new Error(`${file} is an ${material.alg} key; gateway signing keys must be EC P-256 (ES256) or Ed25519 (EdDSA)`);
    }
    keys.push({ ...material, file });
  }
  return keys;
}

/** Creates a new signing key file; being the newest file, it becomes the signing key. */
export async function addSigningKey(auth: AuthConfig, now = new Date()): Promise<GatewaySigningKey> {
  await mkdir(auth.signingKeysDir, { recursive: true, mode: 0o700 });
  await chmod(auth.signingKeysDir, 0o700);
  const key = await generateSigningKey(auth.signingAlgorithm);
  const file = join(auth.signingKeysDir, `${fileTimestamp(now)}-${key.kid}.jwk.json`);
  await writePrivateKeyFile(file, key);
  return { ...key, file };
}

/**
 * `hutong keys rotate`: adds a signing key and deletes generated keys that were superseded long
 * enough ago that no token they signed can still be valid. Keys an operator placed by hand are
 * never deleted.
 */
export async function rotateSigningKeys(
  auth: AuthConfig,
  now = new Date(),
): Promise<{ added: GatewaySigningKey; removed: string[] }> {
  const added = await addSigningKey(auth, now);
  const names = (await readdir(auth.signingKeysDir)).filter((name) => GENERATED_FILE.test(name)).sort();
  const removed: string[] = [];
  for (let index = 0; index < names.length - 1; index += 1) {
    const successor = GENERATED_FILE.exec(names[index + 1] ?? '');
    const supersededAt = successor ? parseFileTimestamp(successor[1] ?? '') : undefined;
    if (supersededAt !== undefined && now.getTime() - supersededAt.getTime() > SUPERSEDED_KEY_RETENTION_MS) {
      await unlink(join(auth.signingKeysDir, names[index] ?? ''));
      removed.push(names[index] ?? '');
    }
  }
  return { added, removed };
}

function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

function parseFileTimestamp(stamp: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, ms] = match;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
}
