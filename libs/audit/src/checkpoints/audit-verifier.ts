import { Injectable } from '@nestjs/common';
import type { StoredLink } from '../chain/audit-record';
import { verifyChain, type ChainVerification } from '../chain/verify-chain';
import { AuditKeys } from '../keys/audit-keys';
import { AuditRepository } from '../store/audit.repository';
import { checkCheckpoint, type Checkpoint } from './checkpoint';

export interface AuditVerification extends ChainVerification {
  readonly checkpointsChecked: number;
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
  from: { seq: number; prevHash: string; toSeq?: number },
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
  return { ...report, checkpointsChecked: checkpoints.length };
}

@Injectable()
export class AuditVerifier {
  constructor(
    private readonly repository: AuditRepository,
    private readonly keys: AuditKeys,
  ) {}

  async verify(fromSeq = 1, toSeq?: number): Promise<AuditVerification> {
    const prevHash = await this.repository.hashBefore(fromSeq);
    const checkpoints = await this.repository.checkpoints(fromSeq, toSeq);
    return verifyWithCheckpoints(this.keys, this.repository.links(fromSeq, toSeq), checkpoints, {
      seq: fromSeq,
      prevHash,
      ...(toSeq ? { toSeq } : {}),
    });
  }
}
