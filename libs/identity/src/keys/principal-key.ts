import type { ClientKeyAlgorithm } from './jwk-policy';

export type StoredKeyStatus = 'active' | 'revoked';
/** What a key can do right now: `pending` before not-before, `expired` after expiry. */
export type EffectiveKeyStatus = 'active' | 'pending' | 'expired' | 'revoked';

export const KID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** Enough for overlapping rotation on several machines; more is a sign of keys never cleaned up. */
export const MAX_USABLE_KEYS_PER_PRINCIPAL = 10;

export interface PrincipalKey {
  readonly principalId: string;
  readonly kid: string;
  readonly alg: ClientKeyAlgorithm;
  readonly publicJwk: Readonly<Record<string, string>>;
  readonly thumbprint: string;
  readonly notBefore: Date;
  readonly expiresAt: Date | null;
  readonly status: StoredKeyStatus;
  readonly revokedAt: Date | null;
  readonly createdAt: Date;
}

export function effectiveKeyStatus(key: PrincipalKey, now: Date): EffectiveKeyStatus {
  if (key.status === 'revoked') return 'revoked';
  if (key.notBefore > now) return 'pending';
  if (key.expiresAt !== null && key.expiresAt <= now) return 'expired';
  return 'active';
}
