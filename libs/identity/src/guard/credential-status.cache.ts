import { Injectable } from '@nestjs/common';
import { PrincipalKeyRepository } from '../keys/principal-key.repository';
import { IdentityChanges } from '../principals/identity-changes';
import type { Caller } from '../principals/principal';
import { allowedScopes } from '../tokens/scopes';

export type CredentialVerdict = 'ok' | 'principal_inactive' | 'key_revoked';

/** The verdict, and the scopes the principal may hold now (a role change narrows live tokens at once). */
export interface CredentialCheck {
  readonly verdict: CredentialVerdict;
  readonly allowedScopes: ReadonlySet<string>;
}

/** Even with change notifications, re-read now and then in case one was lost. */
const ENTRY_TTL_MS = 30_000;
const MAX_ENTRIES = 20_000;

/**
 * Is a token's principal still active and its client key not revoked? Answered from memory while
 * IdentityChanges can hear every change; each change drops the affected entries, so suspension
 * and revocation apply on the next request. When changes cannot be heard, every request asks the
 * database.
 */
@Injectable()
export class CredentialStatusCache {
  private readonly entries = new Map<string, { check: CredentialCheck; loadedAtMs: number }>();
  /** Bumped on every change, so a lookup that raced a change does not store a stale verdict. */
  private generation = 0;

  constructor(
    private readonly keys: PrincipalKeyRepository,
    private readonly changes: IdentityChanges,
  ) {
    changes.subscribe((principalId) => {
      this.generation += 1;
      if (principalId === '*') {
        this.entries.clear();
        return;
      }
      for (const key of this.entries.keys()) if (key.startsWith(`${principalId}\u0000`)) this.entries.delete(key);
    });
  }

  /** The verdict from memory when it can be trusted; undefined means "ask the database". */
  cachedCheck(caller: Caller): CredentialCheck | undefined {
    const cached = this.entries.get(keyOf(caller));
    if (cached && Date.now() - cached.loadedAtMs < ENTRY_TTL_MS && this.changes.remoteChangesHeard) return cached.check;
    return undefined;
  }

  async check(caller: Caller): Promise<CredentialCheck> {
    const cached = this.cachedCheck(caller);
    if (cached) return cached;
    const key = keyOf(caller);
    const now = Date.now();
    const generation = this.generation;
    const state = await this.keys.credentialState(caller.principalId, caller.clientKeyId);
    const verdict: CredentialVerdict =
      state?.principalStatus !== 'active' ? 'principal_inactive' : state.keyStatus !== 'active' ? 'key_revoked' : 'ok';
    const check: CredentialCheck = {
      verdict,
      allowedScopes: new Set(state ? allowedScopes(state.principalKind, state.agencyRoles ?? []) : []),
    };
    if (generation === this.generation && this.changes.remoteChangesHeard) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { check, loadedAtMs: now });
    }
    return check;
  }
}

function keyOf(caller: Caller): string {
  return `${caller.principalId}\u0000${caller.clientKeyId}`;
}
