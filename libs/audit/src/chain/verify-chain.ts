import canonicalize from 'canonicalize';
import type { ChainedRecord, StoredLink } from './audit-record';
import { GENESIS_HASH, linkHash } from './chain-hash';

/**
 * What can be wrong with a link, named for the reviewer:
 * - `altered`: the stored text no longer matches its hash, or its fields contradict the row;
 * - `missing`: positions are skipped (an entry was deleted);
 * - `unexpected`: a position appears twice or goes backwards (inserted or reordered);
 * - `reordered`: an intact entry sits at a position other than the one it was recorded at;
 * - `broken_link`: the text is intact but does not follow the entry before it (an entry was
 *   inserted, deleted or swapped and the neighbours were re-hashed);
 * - `not_canonical`: the text is not in RFC 8785 form, so equal records could hash differently;
 * - `checkpoint_mismatch`: the chain is internally consistent but differs from a signed checkpoint,
 *   so everything up to that checkpoint was rewritten (or the tail was cut off).
 */
export type ChainProblemKind =
  'altered' | 'missing' | 'unexpected' | 'reordered' | 'broken_link' | 'not_canonical' | 'checkpoint_mismatch';

export interface ChainProblem {
  readonly seq: number;
  readonly kind: ChainProblemKind;
  readonly detail: string;
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  /** Hash of the last entry checked: the head a checkpoint must match. */
  readonly headHash: string;
  readonly problem?: ChainProblem;
}

export interface VerifyFrom {
  /** Position expected first; 1 for the whole chain. */
  readonly seq: number;
  /** Hash of the entry before it; the genesis value for the whole chain. */
  readonly prevHash: string;
  /** Signed heads (position → hash), already checked for their signatures. */
  readonly checkpoints?: ReadonlyMap<number, string>;
  /** Verify up to here; a checkpoint beyond the last entry means the tail was removed. */
  readonly toSeq?: number;
}

/**
 * Recomputes the chain over links in position order and stops at the first problem. Pure: the
 * same function checks the database (online and from the CLI) and an exported file.
 */
export async function verifyChain(
  links: AsyncIterable<StoredLink> | Iterable<StoredLink>,
  from: VerifyFrom = { seq: 1, prevHash: GENESIS_HASH },
): Promise<ChainVerification> {
  let expectedSeq = from.seq;
  let prevHash = from.prevHash;
  let checked = 0;
  let firstSeq: number | null = null;
  let lastSeq: number | null = null;
  const fail = (problem: ChainProblem): ChainVerification => ({
    ok: false,
    checked,
    firstSeq,
    lastSeq,
    headHash: prevHash,
    problem,
  });

  for await (const link of links) {
    firstSeq ??= link.seq;
    if (link.seq > expectedSeq) {
      return fail({ seq: expectedSeq, kind: 'missing', detail: `entries ${expectedSeq}–${link.seq - 1} are missing (deleted)` });
    }
    if (link.seq < expectedSeq) {
      return fail({
        seq: link.seq,
        kind: 'unexpected',
        detail: `entry ${link.seq} appears after entry ${expectedSeq - 1} (inserted or reordered)`,
      });
    }
    if (linkHash(link.canonical) !== link.hash) {
      return fail({ seq: link.seq, kind: 'altered', detail: `the stored text of entry ${link.seq} does not match its hash` });
    }
    let record: ChainedRecord;
    try {
      record = JSON.parse(link.canonical) as ChainedRecord;
    } catch {
      return fail({ seq: link.seq, kind: 'altered', detail: `entry ${link.seq} is not valid JSON` });
    }
    if (canonicalize(record) !== link.canonical) {
      return fail({ seq: link.seq, kind: 'not_canonical', detail: `entry ${link.seq} is not in RFC 8785 canonical form` });
    }
    if (record.seq !== link.seq) {
      return fail({
        seq: link.seq,
        kind: 'reordered',
        detail: `the entry at position ${link.seq} was recorded at position ${String(record.seq)}`,
      });
    }
    if (link.recordedAt !== undefined && new Date(link.recordedAt).getTime() !== new Date(record.recordedAt).getTime()) {
      return fail({
        seq: link.seq,
        kind: 'altered',
        detail: `entry ${link.seq}'s time column differs from the time it was recorded at`,
      });
    }
    if (record.prev !== link.prevHash) {
      return fail({ seq: link.seq, kind: 'altered', detail: `entry ${link.seq}'s recorded predecessor differs from its row` });
    }
    if (link.prevHash !== prevHash) {
      return fail({
        seq: link.seq,
        kind: 'broken_link',
        detail: `entry ${link.seq} does not follow entry ${link.seq - 1}: an entry was inserted, removed or moved here`,
      });
    }
    const signed = from.checkpoints?.get(link.seq);
    if (signed !== undefined && signed !== link.hash) {
      return fail({
        seq: link.seq,
        kind: 'checkpoint_mismatch',
        detail: `entry ${link.seq} differs from the signed checkpoint at that position: entries before it were rewritten and re-hashed`,
      });
    }
    prevHash = link.hash;
    lastSeq = link.seq;
    expectedSeq = link.seq + 1;
    checked += 1;
  }
  const beyond = [...(from.checkpoints?.keys() ?? [])].filter(
    (seq) => seq >= expectedSeq && (from.toSeq === undefined || seq <= from.toSeq),
  );
  if (beyond.length > 0) {
    return fail({
      seq: expectedSeq,
      kind: 'missing',
      detail: `a checkpoint signs entry ${Math.max(...beyond)}, but the chain ends at ${expectedSeq - 1}`,
    });
  }
  return { ok: true, checked, firstSeq, lastSeq, headHash: prevHash };
}
