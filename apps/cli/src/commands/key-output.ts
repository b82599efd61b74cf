import { existsSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { generateSigningKey, publicJwkOf, writePrivateKeyFile, type SigningKeyMaterial } from '@hutong/identity';
import { CliError } from '../cli-context';

export const KEY_ALGORITHMS = ['ES256', 'EdDSA'] as const;

/**
 * Generates a key pair on this machine and writes the private key (mode 600, never overwriting),
 * then runs `register` with the public JWK. If registration fails the fresh key file is removed, so
 * no unregistered key is left lying around.
 */
/** Checked before anything is created on the gateway, so a taken path leaves nothing half-made. */
export function assertKeyOutFree(keyOut: string | undefined): void {
  if (keyOut !== undefined && existsSync(keyOut)) throw new CliError(`${keyOut} already exists; choose another --key-out`);
}

export async function generateAndRegister<T>(
  keyOut: string,
  alg: string | undefined,
  register: (publicJwk: Record<string, string>, key: SigningKeyMaterial) => Promise<T>,
): Promise<{ key: SigningKeyMaterial; result: T }> {
  const algorithm = alg ?? 'ES256';
  if (!(KEY_ALGORITHMS as readonly string[]).includes(algorithm))
    throw new CliError(`--alg must be ES256 or EdDSA, got ${algorithm}`);
  const key = await generateSigningKey(algorithm as (typeof KEY_ALGORITHMS)[number]);
  try {
    await writePrivateKeyFile(keyOut, key);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'EEXIST' ? `${keyOut} already exists; choose another --key-out` : `cannot write ${keyOut}: ${String(error)}`,
    );
  }
  try {
    return { key, result: await register(publicJwkOf(key), key) };
  } catch (error) {
    await unlink(keyOut).catch(() => undefined);
    throw error;
  }
}
