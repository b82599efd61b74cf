/** Row scope of a grant: GB/T 2260 division-code prefixes of the entry's scope item; null = all rows. */
export interface RowScope {
  readonly divisions: readonly string[];
}

/** Daily quota of a grant, counted per consumer × resource × day (Asia/Shanghai). */
export interface Quota {
  readonly recordsPerDay: number | null;
  readonly requestsPerDay: number | null;
}

export const GRANT_STATUSES = ['active', 'revoked', 'expired'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/** What an approved access request becomes: exactly what the consumer may read, and until when. */
export interface Grant {
  readonly id: string;
  readonly requestId: string;
  readonly consumerCode: string;
  readonly resourceCode: string;
  readonly providerCode: string;
  readonly items: readonly string[];
  /** Items of `items` the consumer reads only masked (e.g. 440103********123X). */
  readonly maskedItems: readonly string[];
  readonly rowScope: RowScope | null;
  readonly purpose: string;
  readonly validFrom: Date;
  readonly validTo: Date;
  readonly quota: Quota | null;
  /**
   * Granted by coordination (协调) after escalation: may cover items the entry keeps 不予共享;
   * an ordinary grant never does, even if it listed them before the entry was tightened.
   */
  readonly coordinated: boolean;
  readonly status: GrantStatus;
  readonly endedAt: Date | null;
  readonly endedBy: string | null;
  readonly endReason: string | null;
  readonly createdAt: Date;
}

/** Is every division of `divisions` inside one of the scope's prefixes? */
export function withinScope(scope: RowScope | null, divisions: readonly string[]): boolean {
  if (scope === null) return true;
  return divisions.every((division) => scope.divisions.some((prefix) => division.startsWith(prefix)));
}

/** Is `narrower` (an approval) inside `wider` (the request)? */
export function scopeWithin(narrower: RowScope | null, wider: RowScope | null): boolean {
  if (wider === null) return true;
  if (narrower === null) return false;
  return withinScope(wider, narrower.divisions);
}
