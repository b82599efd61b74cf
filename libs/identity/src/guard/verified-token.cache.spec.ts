import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../principals/principal';
import { VerifiedTokenCache } from './verified-token.cache';

const caller = (principalId: string): Caller => ({
  principalId,
  kind: 'agency',
  scopes: new Set(['exchange:read']),
  clientKeyId: 'key-1',
  tokenId: `token-of-${principalId}`,
  expiresAt: new Date(10_000),
});

describe('VerifiedTokenCache', () => {
  it('returns the cached caller before validUntil', () => {
    const cache = new VerifiedTokenCache();
    const alice = caller('alice');
    cache.set('k', alice, 10_000);
    expect(cache.get('k', 0)).toBe(alice);
    expect(cache.get('k', 9_999)).toBe(alice);
  });

  it('expires an entry at validUntil exactly, and drops it', () => {
    const cache = new VerifiedTokenCache();
    cache.set('k', caller('alice'), 10_000);
    expect(cache.get('k', 10_000)).toBeUndefined();
    expect(cache.size).toBe(0);
    // Once expired it stays gone, even if the clock were to read an earlier time.
    expect(cache.get('k', 0)).toBeUndefined();
  });

  it('returns undefined for a key never set', () => {
    expect(new VerifiedTokenCache().get('unknown', 0)).toBeUndefined();
  });

  it('keeps entries of different tokens apart', () => {
    const cache = new VerifiedTokenCache();
    const alice = caller('alice');
    const bob = caller('bob');
    cache.set(VerifiedTokenCache.keyOf('token-a'), alice, 5_000);
    cache.set(VerifiedTokenCache.keyOf('token-b'), bob, 20_000);
    expect(cache.get(VerifiedTokenCache.keyOf('token-a'), 1_000)).toBe(alice);
    expect(cache.get(VerifiedTokenCache.keyOf('token-b'), 1_000)).toBe(bob);
    expect(cache.get(VerifiedTokenCache.keyOf('token-a'), 6_000)).toBeUndefined();
    expect(cache.get(VerifiedTokenCache.keyOf('token-b'), 6_000)).toBe(bob);
    expect(cache.size).toBe(1);
  });

  describe('keyOf', () => {
    const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';

    it('is the base64url SHA-256 digest of the token', () => {
      const key = VerifiedTokenCache.keyOf(token);
      expect(key).toBe(createHash('sha256').update(token).digest('base64url'));
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('does not contain the token or any of its parts', () => {
      const key = VerifiedTokenCache.keyOf(token);
      expect(key).not.toContain(token);
      for (const part of token.split('.')) expect(key).not.toContain(part);
    });

    it('is stable for a token and differs between tokens', () => {
      expect(VerifiedTokenCache.keyOf(token)).toBe(VerifiedTokenCache.keyOf(token));
      expect(VerifiedTokenCache.keyOf(token)).not.toBe(VerifiedTokenCache.keyOf(`${token}x`));
    });
  });
});
