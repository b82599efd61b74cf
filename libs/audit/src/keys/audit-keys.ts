import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addSigningKey, readKeyDirectory, type GatewaySigningKey } from '@hutong/identity';
import type { AppConfig, Logger } from '@hutong/platform';

const SUBJECT_KEY_FILE = 'subject-hmac.key';

/** The kinds of subject an entry can reference; the prefix keeps equal values of different kinds apart. */
export type SubjectKind = 'citizen' | 'organization' | 'record' | 'agency';

/**
 * The audit log's own keys, in AUDIT_KEYS_DIR: ES256/EdDSA keys that sign checkpoints (the newest
 * signs; none is ever removed, so old checkpoints stay verifiable) and the HMAC key that turns a
 * citizen ID or credit code into the reference the log stores. Losing the HMAC key makes old
 * references unsearchable; leaking it makes them guessable — treat it like the database password.
 */
export class AuditKeys {
  private constructor(
    private readonly signingKeys: readonly GatewaySigningKey[],
    private readonly subjectKey: Buffer,
  ) {}

  /** `generate: false` for verification, which must never invent a key to check against. */
  static async load(config: AppConfig, logger: Logger, options: { generate?: boolean } = {}): Promise<AuditKeys> {
    const dir = config.audit.keysDir;
    const generate = options.generate ?? config.audit.generateKeys;
    let keys = await readKeyDirectory(dir);
    if (keys.length === 0) {
      if (!generate) {
        throw new Error(`no audit signing key in ${dir}: put a PEM or JWK private key there, or set SIGNING_KEYS_GENERATE=true`);
      }
      // The same file format and rules as the token-signing keys, in the audit directory.
      const created = await addSigningKey({ ...config.auth, signingKeysDir: dir, signingAlgorithm: 'ES256' });
      logger.info({ kid: created.kid, file: created.file }, 'generated the audit checkpoint signing key');
      keys = [created];
    }
    return new AuditKeys(keys, await loadSubjectKey(dir, generate, logger));
  }

  static forTests(signingKeys: readonly GatewaySigningKey[], subjectKey: Buffer): AuditKeys {
    return new AuditKeys(signingKeys, subjectKey);
  }

  get checkpointKey(): GatewaySigningKey {
    const key = this.signingKeys[this.signingKeys.length - 1];
    if (!key) throw new Error('no audit signing key loaded');
    return key;
  }

  verificationKey(kid: string): GatewaySigningKey | undefined {
    return this.signingKeys.find((key) => key.kid === kid);
  }

  publicJwks(): { keys: Array<Record<string, string>> } {
    return { keys: this.signingKeys.map((key) => ({ ...key.publicJwk, kid: key.kid, alg: key.alg, use: 'sig' })) };
  }

  /** A keyed digest of a body: comparable across entries, not reversible by guessing contents. */
  digest(data: string | Buffer): string {
    return createHmac('sha256', this.subjectKey).update('body:').update(data).digest('base64url');
  }

  /** The stored reference for a subject: HMAC-SHA256 of `kind:value`, never the value itself. */
  subjectRef(kind: SubjectKind, value: string): string {
    return `${kind}:${createHmac('sha256', this.subjectKey).update(`${kind}:${value.trim().toUpperCase()}`).digest('base64url')}`;
  }
}

async function loadSubjectKey(dir: string, generate: boolean, logger: Logger): Promise<Buffer> {
  const file = join(dir, SUBJECT_KEY_FILE);
  try {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
    if (key.length < 32) throw new Error(`${file} must hold at least 32 random bytes (base64url)`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (!generate)
      throw new Error(
        `no subject HMAC key at ${file}: create one (32 random bytes, base64url), or set SIGNING_KEYS_GENERATE=true`,
      );
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  await writeFile(file, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  logger.info({ file }, 'generated the audit subject HMAC key');
  return key;
}
