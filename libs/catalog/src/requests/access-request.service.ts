import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AgencyService, type Caller } from '@hutong/identity';
import { AppConfig, validationProblem } from '@hutong/platform';
import { DataSource } from 'typeorm';
import { CatalogError } from '../catalog.errors';
import { isPgTimestamp } from '../instants';
import { CatalogChanges } from '../grants/catalog-changes';
import { GrantIssuer } from '../grants/grant-issuer';
import { ResourceRepository } from '../resources/resource.repository';
import type { CatalogResource, ResourceMetadata } from '../resources/resource';
import type { AccessRequestQueryDto, CreateAccessRequestDto } from './access-request.dto';
import { AccessRequestRepository, type RequestListing } from './access-request.repository';
import { toRequestView, type AccessRequestView } from './access-request-view';
import { REQUEST_STATES, type AccessRequest, type RequestState } from './access-request';
import { applicationFrom, termsFrom } from './grant-terms';
import { RequestJournal } from './request-journal';
import { workingDaysDeadline } from './working-days';

const DEFAULT_PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * 共享申请 (国发〔2016〕51号 Art. 14): a consumer applies for items of a published entry. What is
 * 无条件 is approved at once; 有条件 waits for its provider within a deadline in working days;
 * 不予共享 is refused unless the consumer asks the sharing authority to coordinate.
 */
@Injectable()
export class AccessRequestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: AccessRequestRepository,
    private readonly resources: ResourceRepository,
    private readonly agencies: AgencyService,
    private readonly journal: RequestJournal,
    private readonly issuer: GrantIssuer,
    private readonly changes: CatalogChanges,
    private readonly config: AppConfig,
  ) {}

  async submit(caller: Caller, code: string, input: CreateAccessRequestDto): Promise<AccessRequestView> {
    const resource = await this.resources.find(code);
    const metadata = resource?.current?.metadata;
    if (!resource || !metadata || (resource.status !== 'published' && resource.status !== 'retired')) {
      throw new CatalogError('resource_not_found', `There is no published catalog entry ${code}.`);
    }
    await this.checkConsumer(caller, resource);
    if (resource.status === 'retired') {
      throw new CatalogError('resource_not_published', `Catalog entry ${code} is retired; it takes no access requests.`);
    }
    const escalating = this.checkEscalation(input, metadata, code);
    const now = new Date();
    // A 不予共享 entry is hidden from the consumer: its items are not confirmed or denied to them;
    // the coordinating operator sees the request as written.
    const hidden = metadata.sharing.type === 'none';
    const application = applicationFrom(input, code, metadata, {
      maxDays: this.config.catalog.grantMaxDays,
      now,
      hidden,
      escalating,
    });
    const automatic = !escalating && application.items.every((item) => itemSharing(metadata, item) === 'unconditional');
    const request: AccessRequest = {
      id: randomUUID(),
      resourceCode: code,
      consumerCode: caller.principalId,
      providerCode: resource.providerCode,
      state: escalating ? 'escalated' : 'pending',
      application,
      decision: null,
      grantId: null,
      deadlineAt: automatic ? null : this.deadlineFrom(now),
      version: 1,
      submittedAt: now,
      updatedAt: now,
    };
    await this.dataSource.transaction(async (manager) => {
      await this.requests.insert(request, manager);
      await this.journal.record(manager, {
        request: { ...request, state: 'pending' },
        from: null,
        action: 'submit',
        actor: caller.principalId,
      });
      if (escalating) {
        await this.journal.record(manager, {
          request,
          from: 'pending',
          action: 'escalate',
          actor: caller.principalId,
          reason: input.note ?? null,
        });
      }
      if (automatic) {
        const terms = termsFrom(application, {}, metadata, code);
        await this.issuer.approve(manager, request, terms, {
          by: 'system',
          action: 'approve',
          reason: '无条件共享: approved automatically',
        });
      }
    });
    if (automatic) this.changes.changed(code);
    return this.get(caller, request.id);
  }

  async get(caller: Caller, id: string): Promise<AccessRequestView> {
    const request = await this.requests.find(id);
    if (!request || !isParty(caller, request)) throw notFound(id);
    return toRequestView(request, await this.requests.history(id));
  }

  async list(caller: Caller, query: AccessRequestQueryDto): Promise<{ items: AccessRequestView[]; nextCursor: string | null }> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const party: RequestListing['party'] =
      caller.kind === 'operator' ? { as: 'operator' } : { as: query.as ?? 'consumer', agency: caller.principalId };
    const states = query.state?.split(',').filter((s): s is RequestState => (REQUEST_STATES as readonly string[]).includes(s));
    const page = await this.requests.list({
      party,
      ...(states ? { states } : {}),
      ...(query.resource ? { resourceCode: query.resource } : {}),
      ...(query.overdue === 'true' ? { overdueAt: new Date() } : {}),
      ...(query.cursor ? { before: decodeCursor(query.cursor) } : {}),
      limit: limit + 1,
    });
    const shown = page.slice(0, limit);
    const last = shown[shown.length - 1];
    return {
      items: shown.map((row) => toRequestView(row.request)),
      nextCursor: page.length > limit && last ? encodeCursor(last.key, last.request.id) : null,
    };
  }

  deadlineFrom(now: Date): Date {
    const { requestWorkingDays, holidays, extraWorkdays } = this.config.catalog;
    return workingDaysDeadline(now, requestWorkingDays, { holidays, extraWorkdays });
  }

  private async checkConsumer(caller: Caller, resource: CatalogResource): Promise<void> {
    if (caller.principalId === resource.providerCode) {
      throw validationProblem([
        {
          field: 'resource',
          rule: 'own_resource',
          message: `you provide ${resource.code}; a provider needs no grant for its own data`,
        },
      ]);
    }
    const agency = await this.agencies.find(caller.principalId);
    if (!agency?.roles.includes('consumer')) {
      throw new CatalogError('not_consumer', 'Only consumer agencies request access to catalog resources.');
    }
  }

  /**
   * True when the request goes straight to coordination: a 不予共享 entry, or 不予共享 items of a
   * shared one, asked for with `escalate` (Art. 14: the authority coordinates what is not shared).
   */
  private checkEscalation(input: CreateAccessRequestDto, metadata: ResourceMetadata, code: string): boolean {
    const unshared = metadata.sharing.type === 'none' || input.items.some((item) => itemSharing(metadata, item) === 'none');
    if (metadata.sharing.type === 'none' && input.escalate !== true) {
      throw new CatalogError(
        'not_shareable',
        `Catalog entry ${code} is 不予共享. If your duties require it, send the request again with "escalate": true: the sharing authority will coordinate with the provider.`,
        { extensions: { escalation: { possible: true, how: 'POST the same request with "escalate": true' } } },
      );
    }
    if (input.escalate === true && !unshared) {
      throw validationProblem([
        {
          field: 'escalate',
          rule: 'not_applicable',
          message:
            'only what is 不予共享 is escalated at once; for this request, escalate after a rejection or a missed deadline',
        },
      ]);
    }
    return input.escalate === true;
  }
}

function itemSharing(metadata: ResourceMetadata, code: string): string | undefined {
  return metadata.items.find((item) => item.code === code)?.sharingType;
}

export function isParty(caller: Caller, request: AccessRequest): boolean {
  return caller.kind === 'operator' || caller.principalId === request.consumerCode || caller.principalId === request.providerCode;
}

export function notFound(id: string): CatalogError {
  return new CatalogError('request_not_found', `There is no access request ${id} you may see.`);
}

function encodeCursor(submittedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([submittedAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): { submittedAt: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      if (isPgTimestamp(parsed[0]) && UUID.test(parsed[1])) {
        return { submittedAt: parsed[0], id: parsed[1] };
      }
    }
  } catch {
    // fall through
  }
  throw validationProblem([{ field: 'cursor', rule: 'cursor', message: 'cursor is not one this list returned' }]);
}
