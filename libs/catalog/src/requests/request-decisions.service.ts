import { Injectable } from '@nestjs/common';
import type { Caller } from '@hutong/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogError } from '../catalog.errors';
import { CatalogChanges } from '../grants/catalog-changes';
import { GrantIssuer } from '../grants/grant-issuer';
import { ResourceRepository } from '../resources/resource.repository';
import type { ResourceMetadata } from '../resources/resource';
import type { ApprovalDto, DecisionDto } from './access-request.dto';
import { AccessRequestService, isParty, notFound } from './access-request.service';
import { AccessRequestRepository } from './access-request.repository';
import type { AccessRequestView } from './access-request-view';
import { refusal, statesAllowing, transition, type AccessRequest, type RequestAction, type RequestRole } from './access-request';
import { termsFrom } from './grant-terms';
import { RequestJournal } from './request-journal';

const PAST: Record<RequestAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
  escalate: 'escalated',
  decide_approve: 'decided',
  decide_refuse: 'decided',
  revoke: 'revoked',
  expire: 'expired',
  close: 'closed',
};

const ROLE_NAMES: Record<RequestAction, string> = {
  approve: 'the provider',
  reject: 'the provider',
  withdraw: 'the requesting agency',
  escalate: 'the requesting agency',
  decide_approve: 'an operator of the sharing authority',
  decide_refuse: 'an operator of the sharing authority',
  revoke: 'the provider, the requesting agency or an operator',
  expire: 'the system',
  close: 'an operator retiring the entry',
};

/**
 * The answers to a request: approve (possibly narrower) or reject with reasons by the provider;
 * withdraw or escalate by the consumer; a coordinated decision by an operator; revocation. The
 * state machine in access-request.ts says who may do what when; this service applies it.
 */
@Injectable()
export class RequestDecisionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: AccessRequestRepository,
    private readonly resources: ResourceRepository,
    private readonly queries: AccessRequestService,
    private readonly journal: RequestJournal,
    private readonly issuer: GrantIssuer,
    private readonly changes: CatalogChanges,
  ) {}

  approve(caller: Caller, id: string, input: ApprovalDto, expected: number | undefined): Promise<AccessRequestView> {
    return this.act(caller, id, 'approve', expected, async (request, manager) => {
      const metadata = await this.publishedMetadata(request, manager);
      const terms = termsFrom(request.application, input, metadata, request.resourceCode);
      await this.issuer.approve(manager, request, terms, {
        by: caller.principalId,
        action: 'approve',
        reason: input.note ?? null,
      });
    });
  }

  reject(caller: Caller, id: string, reason: string, expected: number | undefined): Promise<AccessRequestView> {
    return this.act(caller, id, 'reject', expected, async (request, manager) => {
      const decision = refusal('rejected', caller.principalId, reason, false);
      await this.requests.update(request.id, { state: 'rejected', decision, deadlineAt: null }, manager);
      await this.journal.record(manager, {
        request: { ...request, state: 'rejected', decision },
        from: request.state,
        action: 'reject',
        actor: caller.principalId,
        reason,
      });
    });
  }

  withdraw(caller: Caller, id: string, reason: string | null, expected: number | undefined): Promise<AccessRequestView> {
    return this.act(caller, id, 'withdraw', expected, async (request, manager) => {
      await this.requests.update(request.id, { state: 'withdrawn', deadlineAt: null }, manager);
      await this.journal.record(manager, {
        request: { ...request, state: 'withdrawn' },
        from: request.state,
        action: 'withdraw',
        actor: caller.principalId,
        reason,
      });
    });
  }

  escalate(caller: Caller, id: string, reason: string | null, expected: number | undefined): Promise<AccessRequestView> {
    return this.act(caller, id, 'escalate', expected, async (request, manager) => {
      if (request.state === 'pending' && (request.deadlineAt === null || request.deadlineAt > new Date())) {
        throw new CatalogError(
          'request_transition',
          `Access request ${id} is pending and the provider has until ${request.deadlineAt?.toISOString() ?? 'its deadline'} to answer; escalate after a rejection or once the deadline has passed.`,
          { extensions: { state: request.state } },
        );
      }
      const deadlineAt = this.queries.deadlineFrom(new Date());
      await this.requests.update(request.id, { state: 'escalated', deadlineAt }, manager);
      await this.journal.record(manager, {
        request: { ...request, state: 'escalated', deadlineAt },
        from: request.state,
        action: 'escalate',
        actor: caller.principalId,
        reason,
      });
    });
  }

  decide(caller: Caller, id: string, input: DecisionDto, expected: number | undefined): Promise<AccessRequestView> {
    const action = input.outcome === 'approve' ? 'decide_approve' : 'decide_refuse';
    return this.act(caller, id, action, expected, async (request, manager) => {
      if (input.outcome === 'approve') {
        const metadata = await this.publishedMetadata(request, manager);
        const terms = termsFrom(request.application, input, metadata, request.resourceCode);
        await this.issuer.approve(manager, request, terms, {
          by: caller.principalId,
          action: 'decide',
          reason: input.reason,
          coordinated: true,
        });
        return;
      }
      const decision = refusal('refused', caller.principalId, input.reason, true);
      await this.requests.update(request.id, { state: 'refused', decision, deadlineAt: null }, manager);
      await this.journal.record(manager, {
        request: { ...request, state: 'refused', decision },
        from: request.state,
        action: 'decide',
        actor: caller.principalId,
        reason: input.reason,
        coordinated: true,
      });
    });
  }

  revoke(caller: Caller, id: string, reason: string, expected: number | undefined): Promise<AccessRequestView> {
    return this.act(caller, id, 'revoke', expected, async (request, manager) => {
      await this.issuer.end(manager, request, 'revoked', caller.principalId, reason);
    });
  }

  private async act(
    caller: Caller,
    id: string,
    action: RequestAction,
    expected: number | undefined,
    apply: (request: AccessRequest, manager: EntityManager) => Promise<void>,
  ): Promise<AccessRequestView> {
    const resourceCode = await this.dataSource.transaction(async (manager) => {
      // Locks in one order everywhere — the entry (shared), then the request, then its grant — so a
      // decision racing a retirement or a new version waits for it instead of deadlocking or
      // granting on what it no longer is.
      const unlocked = await this.requests.find(id, manager);
      if (unlocked) await this.resources.lockShared(unlocked.resourceCode, manager);
      const request = await this.requests.lock(id, manager);
      if (!request) throw notFound(id);
      // Acting on a request addressed to someone else is refused outright (403), without saying more.
      if (!isParty(caller, request)) throw new CatalogError('not_decider', `Access request ${id} is not yours to act on.`);
      if (expected !== undefined && expected !== request.version) {
        throw new CatalogError('version_mismatch', `Access request ${id} changed since you read it (ETag "${request.version}").`);
      }
      const check = transition(request.state, action, rolesOf(caller, request));
      if (!check.ok && check.why === 'not_your_role') {
        throw new CatalogError('not_decider', `Only ${ROLE_NAMES[action]} may ${verb(action)} access request ${id}.`);
      }
      if (!check.ok) {
        throw new CatalogError(
          'request_transition',
          `Access request ${id} is ${request.state}; it can be ${PAST[action]} only when ${statesAllowing(action).join(' or ')}.`,
          { extensions: { state: request.state } },
        );
      }
      await apply(request, manager);
      return request.resourceCode;
    });
    this.changes.changed(resourceCode);
    return this.queries.get(caller, id);
  }

  private async publishedMetadata(request: AccessRequest, manager: EntityManager): Promise<ResourceMetadata> {
    const resource = await this.resources.find(request.resourceCode, manager);
    if (resource?.status !== 'published' || !resource.current) {
      throw new CatalogError(
        'resource_not_published',
        `Catalog entry ${request.resourceCode} is no longer published; nothing can be granted on it.`,
      );
    }
    return resource.current.metadata;
  }
}

function rolesOf(caller: Caller, request: AccessRequest): Set<RequestRole> {
  const roles = new Set<RequestRole>();
  if (caller.kind === 'operator') roles.add('operator');
  if (caller.kind === 'agency' && caller.principalId === request.consumerCode) roles.add('consumer');
  if (caller.kind === 'agency' && caller.principalId === request.providerCode) roles.add('provider');
  return roles;
}

function verb(action: RequestAction): string {
  return action === 'decide_approve' || action === 'decide_refuse' ? 'decide' : action;
}
