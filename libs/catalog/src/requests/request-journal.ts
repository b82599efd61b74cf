import { Injectable } from '@nestjs/common';
import { eventType, EventLog, resourceSource } from '@hutong/exchange';
import { AuditTrail } from '@hutong/platform';
import type { EntityManager } from 'typeorm';
import type { AccessRequest, RequestState } from './access-request';
import { AccessRequestRepository } from './access-request.repository';

/** The event named after the state a request enters. */
const EVENT_OF_STATE: Record<RequestState, string> = {
  pending: 'submitted',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
  escalated: 'escalated',
  refused: 'refused',
  revoked: 'revoked',
  expired: 'expired',
};

export interface JournalEntry {
  readonly request: AccessRequest;
  readonly from: RequestState | null;
  readonly action: string;
  readonly actor: string;
  readonly reason?: string | null;
  readonly coordinated?: boolean;
}

/**
 * Writes what every state change leaves behind, in the transaction of the change: the transition
 * row of the request's history, the CloudEvent in the outbox, and the details of the audit entry.
 */
@Injectable()
export class RequestJournal {
  constructor(
    private readonly requests: AccessRequestRepository,
    private readonly events: EventLog,
  ) {}

  async record(manager: EntityManager, entry: JournalEntry): Promise<void> {
    const { request, from, action, actor } = entry;
    const reason = entry.reason ?? null;
    await this.requests.addTransition(request.id, { from, to: request.state, action, actor, reason }, manager);
    const approved = request.state === 'approved' && request.decision !== null;
    await this.events.append(manager, [
      {
        type: eventType('catalog', 'access-request', EVENT_OF_STATE[request.state]),
        source: resourceSource(request.providerCode, request.resourceCode),
        subject: request.id,
        resourceCode: request.resourceCode,
        data: {
          id: request.id,
          resource: request.resourceCode,
          provider: request.providerCode,
          consumer: request.consumerCode,
          state: request.state,
          previousState: from,
          action,
          actor,
          ...(reason !== null ? { reason } : {}),
          // The grant an approval created, or the one a revocation or expiry ended.
          ...(request.grantId ? { grantId: request.grantId } : {}),
          ...(approved ? { items: [...(request.decision?.items ?? [])], validTo: request.decision?.validTo } : {}),
          ...(entry.coordinated ? { coordinated: true } : {}),
        },
      },
    ]);
    // The grant goes into `after`, not `grantId`: an audit entry's grantId says "data was read under
    // this grant", which a decision about the grant is not (the outside_grant alert relies on it).
    AuditTrail.record({
      resource: 'access_request',
      purpose: request.application.purpose,
      subjects: [
        { kind: 'record', value: request.id },
        { kind: 'agency', value: request.consumerCode },
      ],
      after: { state: request.state, resource: request.resourceCode, grantId: request.grantId },
    });
  }
}
