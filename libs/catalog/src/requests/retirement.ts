import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { GrantIssuer } from '../grants/grant-issuer';
import { refusal } from './access-request';
import { AccessRequestRepository } from './access-request.repository';
import { RequestJournal } from './request-journal';

/**
 * What retiring an entry does to its requests, in the retirement's transaction: grants are revoked
 * and open requests refused, each with its history entry and event — nothing is left "approved" or
 * "pending" on an entry that no longer exists for sharing.
 */
@Injectable()
export class Retirement {
  constructor(
    private readonly requests: AccessRequestRepository,
    private readonly issuer: GrantIssuer,
    private readonly journal: RequestJournal,
  ) {}

  async closeRequests(manager: EntityManager, resourceCode: string, by: string, why: string): Promise<void> {
    const reason = `catalog entry ${resourceCode} retired: ${why}`;
    for (const request of await this.requests.lockOpen(resourceCode, manager)) {
      if (request.state === 'approved') {
        await this.issuer.end(manager, request, 'revoked', by, reason);
        continue;
      }
      const decision = refusal('refused', by, reason, false);
      await this.requests.update(request.id, { state: 'refused', decision, deadlineAt: null }, manager);
      await this.journal.record(manager, {
        request: { ...request, state: 'refused', decision },
        from: request.state,
        action: 'close',
        actor: by,
        reason,
      });
    }
  }
}
