import { hash } from 'node:crypto';
import type { Caller } from '../principals/principal';

const MAX_ENTRIES = 50_000;

/**
 * Tokens that passed signature and claim checks, keyed by their SHA-256 (the token itself is never
 * kept as a key), until they expire. Entries are evicted oldest-first past MAX_ENTRIES so a flood of
 * distinct valid tokens cannot grow memory without bound.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, { caller: Caller; validUntilMs: number }>();

  static keyOf(token: string): string {
    // One-shot hash: a third of createHash's cost, which matters on every authenticated request.
    return hash('sha256', token, 'base64url');
  }

  get(key: string, nowMs: number): Caller | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.validUntilMs <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.caller;
  }

  set(key: string, caller: Caller, validUntilMs: number): void {
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { caller, validUntilMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
