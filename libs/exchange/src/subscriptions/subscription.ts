export const DELIVERY_MODES = ['kafka', 'feed'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** A consumer agency's standing order for a resource's events. */
export interface Subscription {
  readonly id: string;
  readonly consumerCode: string;
  readonly resourceCode: string;
  /** Event types to deliver; null = every type of the resource. */
  readonly eventTypes: readonly string[] | null;
  /** Only rows in these GB/T 2260 divisions (prefixes); null = every row the grant allows. */
  readonly rowFilter: { readonly divisions: readonly string[] } | null;
  readonly delivery: DeliveryMode;
  readonly status: 'active' | 'deleted';
  /** Feed position delivered (Kafka) or acknowledged by reading past it (feed). */
  readonly deliveredFeedSeq: string;
  readonly deliveredAt: Date | null;
  readonly failures: number;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
  readonly createdAt: Date;
}

export function wants(subscription: Subscription, type: string, divisions: readonly string[] | undefined): boolean {
  if (subscription.eventTypes !== null && !subscription.eventTypes.includes(type)) return false;
  if (subscription.rowFilter === null) return true;
  if (divisions === undefined || divisions.length === 0) return false;
  return divisions.some((division) => subscription.rowFilter?.divisions.some((prefix) => division.startsWith(prefix)));
}
