import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import type { AuditKeys } from '../keys/audit-keys';

export const CHECKPOINT_TYPE = 'hutong-audit-checkpoint+jws';

/** A signed statement: "the entry at position `seq` of the chain has hash `headHash`". */
export interface Checkpoint {
  readonly seq: number;
  readonly headHash: string;
  readonly createdAt: string;
  readonly kid: string;
  readonly jws: string;
}

interface CheckpointClaims {
  readonly chain: 'hutong-audit-v1';
  readonly seq: number;
  readonly headHash: string;
  readonly createdAt: string;
}

export async function signCheckpoint(keys: AuditKeys, seq: number, headHash: string, createdAt: Date): Promise<Checkpoint> {
  const key = keys.checkpointKey;
  const claims: CheckpointClaims = { chain: 'hutong-audit-v1', seq, headHash, createdAt: createdAt.toISOString() };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: CHECKPOINT_TYPE })
    .sign(key.privateKey);
  return { seq, headHash, createdAt: claims.createdAt, kid: key.kid, jws };
}

export type CheckpointCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** The signature is by a known audit key and the signed claims match the stored row. */
export async function checkCheckpoint(keys: AuditKeys, checkpoint: Checkpoint): Promise<CheckpointCheck> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(checkpoint.jws).kid;
  } catch {
    return { ok: false, reason: 'the signature is not a JWS' };
  }
  const key = kid === undefined ? undefined : keys.verificationKey(kid);
  if (!key) return { ok: false, reason: `signed by an unknown key (${String(kid)})` };
  try {
    const { payload } = await compactVerify(checkpoint.jws, key.publicKey, { algorithms: [key.alg] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as CheckpointClaims;
    if (claims.seq !== checkpoint.seq || claims.headHash !== checkpoint.headHash) {
      return { ok: false, reason: 'the signed position or hash differs from the stored checkpoint' };
    }
    return { ok: true };
  } catch {
    return { ok: false, reason: 'the signature does not verify' };
  }
}
