export const DISPUTE_STATES = ['open', 'corrected', 'rejected'] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];

/** 疑义: a consumer's report that an item of a record looks wrong, until the source resolves it. */
export interface Dispute {
  readonly id: string;
  readonly registry: string;
  readonly key: string;
  readonly item: string;
  readonly reason: string;
  readonly filedBy: string;
  readonly filedAt: Date;
  readonly state: DisputeState;
  readonly resolution: string | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: Date | null;
}
