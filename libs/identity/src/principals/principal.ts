import type { PrincipalKind } from '@hutong/platform';

export type { PrincipalKind } from '@hutong/platform';

export const PRINCIPAL_KINDS = ['agency', 'operator', 'reviewer'] as const satisfies readonly PrincipalKind[];
export const PRINCIPAL_STATUSES = ['active', 'suspended', 'retired'] as const;
export type PrincipalStatus = (typeof PRINCIPAL_STATUSES)[number];

/** Status changes an operator may make, for every kind of principal: active ↔ suspended, either → retired (final). */
const ALLOWED_TRANSITIONS: Record<PrincipalStatus, readonly PrincipalStatus[]> = {
  active: ['suspended', 'retired'],
  suspended: ['active', 'retired'],
  retired: [],
};

export function canChangeStatus(from: PrincipalStatus, to: PrincipalStatus): boolean {
  return from === to || ALLOWED_TRANSITIONS[from].includes(to);
}

/**
 * Operator and reviewer codes: short, URL-safe, case-sensitive. Agencies use their credit code,
 * which fits the same pattern, so one column holds every principal id.
 */
/** Actors Hutong writes into histories and events for itself (an automatic approval, an expiry). */
export const RESERVED_PRINCIPAL_CODES: readonly string[] = ['system', 'hutong'];

export const PRINCIPAL_CODE_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{1,63}$/;

/** Anyone who can hold keys and obtain tokens: an agency system, an operator, a reviewer. */
export interface Principal {
  readonly id: string;
  readonly kind: PrincipalKind;
  readonly name: string;
  readonly status: PrincipalStatus;
  readonly version: number;
  readonly createdAt: Date;
  readonly createdBy: string | null;
  readonly updatedAt: Date;
}

/** The verified caller of a request, as the guard hands it to controllers. */
export interface Caller {
  readonly principalId: string;
  readonly kind: PrincipalKind;
  readonly scopes: ReadonlySet<string>;
  /** `kid` of the client key whose assertion obtained the token. */
  readonly clientKeyId: string;
  readonly tokenId: string;
  readonly expiresAt: Date;
}
