import { describe, expect, it } from 'vitest';
import { verifyWithCheckpoints } from '../checkpoints/audit-verifier';
import { AuditKeys } from '../keys/audit-keys';
import type { AuditEntry, StoredLink } from './audit-record';
import { canonicalText, GENESIS_HASH, linkHash } from './chain-hash';
import { verifyChain } from './verify-chain';

function chainOf(count: number): StoredLink[] {
  const links: StoredLink[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const entry: AuditEntry = {
      action: 'registry.read',
      outcome: 'allowed',
      principal: { id: `agency-${seq % 3}`, kind: 'agency' },
      recordCount: seq,
    };
    const canonical = canonicalText({ seq, recordedAt: '2026-11-21T12:00:00.000Z', prev, entry });
    const hash = linkHash(canonical);
    links.push({ seq, prevHash: prev, hash, canonical });
    prev = hash;
  }
  return links;
}

describe('verifyChain', () => {
  it('accepts an intact chain and reports its head', async () => {
    const links = chainOf(50);
    const report = await verifyChain(links);
    expect(report).toMatchObject({ ok: true, checked: 50, firstSeq: 1, lastSeq: 50, headHash: links[49]?.hash });
  });

  it('verifies a range from a known predecessor', async () => {
    const links = chainOf(20);
    const report = await verifyChain(links.slice(10), { seq: 11, prevHash: links[9]?.hash ?? '' });
    expect(report).toMatchObject({ ok: true, checked: 10, firstSeq: 11 });
  });

  it('finds one altered byte and names its position', async () => {
    const links = chainOf(30);
    const victim = links[16] as StoredLink;
    links[16] = { ...victim, canonical: victim.canonical.replace('"recordCount":17', '"recordCount":18') };
    expect((await verifyChain(links)).problem).toMatchObject({ seq: 17, kind: 'altered' });
  });

  it('finds a deleted entry', async () => {
    const links = chainOf(30);
    links.splice(9, 1);
    expect((await verifyChain(links)).problem).toMatchObject({ seq: 10, kind: 'missing' });
  });

  it('finds an inserted entry', async () => {
    const links = chainOf(30);
    const forged = chainOf(12)[11] as StoredLink;
    links.splice(12, 0, forged);
    expect((await verifyChain(links)).problem).toMatchObject({ seq: 12, kind: 'unexpected' });
  });

  it('finds two swapped entries, even when their positions are kept', async () => {
    const links = chainOf(30);
    const [a, b] = [links[4] as StoredLink, links[5] as StoredLink];
    links[4] = { ...b, seq: 5 };
    links[5] = { ...a, seq: 6 };
    expect((await verifyChain(links)).problem).toMatchObject({ seq: 5, kind: 'reordered' });
    const moved = chainOf(30);
    [moved[4], moved[5]] = [moved[5] as StoredLink, moved[4] as StoredLink];
    expect((await verifyChain(moved)).problem).toMatchObject({ seq: 5, kind: 'missing' });
  });

  it('finds an entry re-hashed after editing, at the link that no longer follows', async () => {
    const links = chainOf(30);
    const victim = links[7] as StoredLink;
    const canonical = victim.canonical.replace('"recordCount":8', '"recordCount":800');
    links[7] = { ...victim, canonical, hash: linkHash(canonical) };
    expect((await verifyChain(links)).problem).toMatchObject({ seq: 9, kind: 'broken_link' });
  });

  it('refuses text that is not RFC 8785 canonical', async () => {
    const links = chainOf(3);
    const victim = links[1] as StoredLink;
    const spaced = victim.canonical.replace('{"entry":', '{ "entry":');
    links[1] = { ...victim, canonical: spaced, hash: linkHash(spaced) };
    expect((await verifyChain(links)).problem).toMatchObject({ seq: 2, kind: 'not_canonical' });
  });
});

describe('verifyChain with signed checkpoints', () => {
  it('detects a chain rewritten after an insertion, at the next checkpoint', async () => {
    const original = chainOf(40);
    const checkpoints = new Map([
      [20, original[19]?.hash ?? ''],
      [40, original[39]?.hash ?? ''],
    ]);
    // The attacker inserts an entry at 12 and re-hashes everything after it: the chain alone holds.
    const entries = original.map((link) => JSON.parse(link.canonical) as { entry: AuditEntry });
    entries.splice(11, 0, { entry: { action: 'forged', outcome: 'allowed' } });
    let prev = GENESIS_HASH;
    const rewritten = entries.slice(0, 40).map(({ entry }, index) => {
      const canonical = canonicalText({ seq: index + 1, recordedAt: '2026-11-21T12:00:00.000Z', prev, entry });
      const link = { seq: index + 1, prevHash: prev, hash: linkHash(canonical), canonical };
      prev = link.hash;
      return link;
    });
    expect((await verifyChain(rewritten)).ok).toBe(true);
    expect((await verifyChain(rewritten, { seq: 1, prevHash: GENESIS_HASH, checkpoints })).problem).toMatchObject({
      seq: 20,
      kind: 'checkpoint_mismatch',
    });
  });

  it('detects a cut-off tail that a checkpoint had signed', async () => {
    const links = chainOf(30);
    const checkpoints = new Map([[30, links[29]?.hash ?? '']]);
    expect((await verifyChain(links.slice(0, 25), { seq: 1, prevHash: GENESIS_HASH, checkpoints })).problem).toMatchObject({
      seq: 26,
      kind: 'missing',
    });
  });
});

describe('verifyWithCheckpoints', () => {
  it('fails a chain whose recent stretch has no checkpoint at all (checkpoints removed)', async () => {
    const keys = AuditKeys.forTests([], Buffer.alloc(32, 1));
    const links = chainOf(30);
    const strict = await verifyWithCheckpoints(keys, links, [], { seq: 1, prevHash: GENESIS_HASH, maxUnsigned: 20 });
    expect(strict).toMatchObject({ ok: false, unsignedEntries: 30, problem: { seq: 1, kind: 'checkpoint_mismatch' } });
    const lenient = await verifyWithCheckpoints(keys, links, [], { seq: 1, prevHash: GENESIS_HASH, maxUnsigned: 40 });
    expect(lenient).toMatchObject({ ok: true, unsignedEntries: 30 });
  });
});
