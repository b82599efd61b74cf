import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccessRequest, Decision, RequestState } from '../requests/access-request';
import { AccessRequestRepository } from '../requests/access-request.repository';
import type { GrantTerms } from '../requests/grant-terms';
import { RequestJournal } from '../requests/request-journal';
import type { Grant } from './grant';
import { GrantRepository } from './grant.repository';

export interface Approver {
  readonly by: string;
  readonly action: string;
  readonly reason: string | null;
  readonly coordinated?: boolean;
}

/** Turns an approval into a grant, and ends grants; both inside the caller's transaction. */
@Injectable()
export class GrantIssuer {
  constructor(
    private readonly grants: GrantRepository,
    private readonly requests: AccessRequestRepository,
    private readonly journal: RequestJournal,
  ) {}

  async approve(manager: EntityManager, request: AccessRequest, terms: GrantTerms, approver: Approver): Promise<Grant> {
    const now = new Date();
    const grant: Grant = {
      id: randomUUID(),
      requestId: request.id,
      consumerCode: request.consumerCode,
      resourceCode: request.resourceCode,
      providerCode: request.providerCode,
      items: terms.items,
      maskedItems: terms.maskedItems,
      rowScope: terms.rowScope,
      purpose: request.application.purpose,
      validFrom: terms.validFrom,
      validTo: terms.validTo,
      quota: terms.quota,
      coordinated: approver.coordinated ?? false,
      status: 'active',
      endedAt: null,
      endedBy: null,
      endReason: null,
      createdAt: now,
    };
    const decision: Decision = {
      outcome: 'approved',
      items: terms.items,
      rowScope: terms.rowScope,
      validFrom: terms.validFrom.toISOString(),
      validTo: terms.validTo.toISOString(),
      quota: terms.quota,
      reason: approver.reason,
      decidedBy: approver.by,
      decidedAt: now.toISOString(),
      coordinated: approver.coordinated ?? false,
    };
    await this.grants.insert(grant, manager);
    await this.requests.update(request.id, { state: 'approved', decision, grantId: grant.id, deadlineAt: null }, manager);
    await this.journal.record(manager, {
      request: { ...request, state: 'approved', decision, grantId: grant.id },
      from: request.state,
      action: approver.action,
      actor: approver.by,
      reason: approver.reason,
      coordinated: approver.coordinated ?? false,
    });
    return grant;
  }

  /** Ends the request's grant (revoked or expired) and moves the request with it. */
  async end(
    manager: EntityManager,
    request: AccessRequest,
    to: Extract<RequestState, 'revoked' | 'expired'>,
    by: string,
    reason: string | null,
  ): Promise<void> {
    if (request.grantId) await this.grants.end(request.grantId, to, by, reason, manager);
    await this.requests.update(request.id, { state: to }, manager);
    await this.journal.record(manager, {
      request: { ...request, state: to },
      from: request.state,
      action: to === 'revoked' ? 'revoke' : 'expire',
      actor: by,
      reason,
    });
  }
}
