import { Injectable } from '@nestjs/common';
import { AppConfig } from '@hutong/platform';
import type { StoredLink } from '../chain/audit-record';
import { verifyChain, type ChainVerification } from '../chain/verify-chain';
import { AuditKeys } from '../keys/audit-keys';
import { AuditRepository } from '../store/audit.repository';
import { checkCheckpoint, type Checkpoint } from './checkpoint';

export interface AuditVerification extends ChainVerification {
  readonly checkpointsChecked: number;
  /** Entries after the last checkpoint: only the chain vouches for them, no signature yet. */
  readonly unsignedEntries: number;
}

/**
 * Verifies links against their signed checkpoints: every checkpoint signature first (a forged
 * checkpoint would vouch for a forged chain), then the chain itself. Shared by POST /audit/verify
 * and `hutong audit verify`, for the database and for an exported file alike.
 */
export async function verifyWithCheckpoints(
  keys: AuditKeys,
  links: AsyncIterable<StoredLink> | Iterable<StoredLink>,
  checkpoints: readonly Checkpoint[],
  from: { seq: number; prevHash: string; toSeq?: number; maxUnsigned?: number },
): Promise<AuditVerification> {
  for (const checkpoint of checkpoints) {
    const check = await checkCheckpoint(keys, checkpoint);
    if (!check.ok) {
      return {
        ok: false,
        checked: 0,
        firstSeq: null,
        lastSeq: null,
        headHash: from.prevHash,
        checkpointsChecked: 0,
        unsignedEntries: 0,
        problem: {
          seq: checkpoint.seq,
          kind: 'checkpoint_mismatch',
          detail: `the checkpoint at ${checkpoint.seq} is not valid: ${check.reason}`,
        },
      };
    }
  }
  const signed = new Map(checkpoints.map((checkpoint) => [checkpoint.seq, checkpoint.headHash]));
  const report = await verifyChain(links, { ...from, checkpoints: signed });
  const lastSigned = checkpoints.at(-1)?.seq ?? from.seq - 1;
  const unsignedEntries = Math.max(0, (report.lastSeq ?? lastSigned) - lastSigned);
  const result = { ...report, checkpointsChecked: checkpoints.length, unsignedEntries };
  // Checkpoints are made every N entries: a longer unsigned stretch means checkpoints were removed
  // (or never made), and a truncated or rewritten tail there would go unnoticed.
  if (report.ok && from.maxUnsigned !== undefined && unsignedEntries > from.maxUnsigned) {
    return {
      ...result,
      ok: false,
      problem: {
        seq: lastSigned + 1,
        kind: 'checkpoint_mismatch',
        detail: `${unsignedEntries} entries after the last checkpoint (at most ${from.maxUnsigned} expected): checkpoints are missing`,
      },
    };
  }
  return result;
}

@Injectable()
export class AuditVerifier {
  constructor(
    private readonly repository: AuditRepository,
    private readonly keys: AuditKeys,
    private readonly config: AppConfig,
  ) {}

  /** From the first entry still held (after archived partitions) unless told otherwise. */
  async verify(from?: number, toSeq?: number): Promise<AuditVerification> {
    const fromSeq = from ?? (await this.repository.firstSeq());
    const prevHash = await this.repository.hashBefore(fromSeq);
    const checkpoints = await this.repository.checkpoints(fromSeq, toSeq);
    return verifyWithCheckpoints(this.keys, this.repository.links(fromSeq, toSeq), checkpoints, {
      seq: fromSeq,
      prevHash,
      ...(toSeq ? { toSeq } : {}),
    });
  }
}

/** Twice the checkpoint interval: room for the batch in flight and the time-based checkpoint. */
export function maxUnsignedEntries(config: AppConfig): number {
  return 2 * config.audit.checkpointEvery;
}
