/** Outcome of the recorded action; `attempted` is the entry made before a change is carried out. */
export type AuditOutcome = 'attempted' | 'allowed' | 'denied' | 'error';

/**
 * What an audit entry says. Subjects are keyed hashes, never clear identifiers (ARCHITECTURE §4);
 * bodies are represented by their SHA-256. Fields are optional where an action has no such thing.
 */
export interface AuditEntry {
  readonly action: string;
  readonly outcome: AuditOutcome;
  readonly requestId?: string;
  readonly principal?: {
    readonly id: string;
    readonly kind: string;
    readonly keyId?: string;
    readonly tokenId?: string;
  };
  readonly route?: string;
  readonly method?: string;
  readonly status?: number;
  readonly reason?: string;
  readonly resource?: string;
  readonly purpose?: string;
  readonly grantId?: string;
  readonly subjects?: readonly string[];
  readonly items?: readonly string[];
  readonly recordCount?: number;
  readonly latencyMs?: number;
  readonly client?: string;
  /** HMAC-SHA256 (audit key) of the canonical request body and of the response body. */
  readonly requestDigest?: string;
  readonly responseDigest?: string;
  /** For requests without a verified caller: who the request claimed to be. */
  readonly claimedClient?: string;
  /** For admin changes: the state before and after. */
  readonly before?: unknown;
  readonly after?: unknown;
}

/** One link of the chain: the entry, its position and time, and the hash of the link before it. */
export interface ChainedRecord {
  readonly seq: number;
  readonly recordedAt: string;
  readonly prev: string;
  readonly entry: AuditEntry;
}

/** A stored link as verification sees it: the exact text that was hashed, and the stored hashes. */
export interface StoredLink {
  readonly seq: number;
  /** The row's time column, which queries filter on: verification checks it against the text. */
  readonly recordedAt?: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly canonical: string;
}
