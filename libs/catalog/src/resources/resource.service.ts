import { Injectable } from '@nestjs/common';
import { eventType, EventLog, resourceSource } from '@hutong/exchange';
import { AgencyService, type Caller } from '@hutong/identity';
import { AuditTrail } from '@hutong/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogError } from '../catalog.errors';
import { CatalogChanges } from '../grants/catalog-changes';
import { Retirement } from '../requests/retirement';
import { classificationCode, metadataFrom } from './resource-rules';
import type { CreateResourceDto, ResourceMetadataDto } from './resource.dto';
import { ResourceRepository, type ResourceState } from './resource.repository';
import { RevisionChecks } from './revision-checks';
import { toResourceView, toVersionView, type ResourceView, type VersionView } from './resource-view';
import { effectiveMetadata, type CatalogResource, type ResourceMetadata, type Revision } from './resource';

type LifecycleAction = 'drafted' | 'revised' | 'submitted' | 'returned' | 'published' | 'retired';

/**
 * The catalog entry lifecycle: draft → submitted → published (→ next version drafted, submitted,
 * published; every published version kept) → retired. Providers draft and submit entries for
 * themselves; operators (the coordinating office, C1) may edit, send back, publish and retire.
 * Every change appends its event to the outbox in the same transaction and is audited.
 */
@Injectable()
export class ResourceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly resources: ResourceRepository,
    private readonly agencies: AgencyService,
    private readonly events: EventLog,
    private readonly changes: CatalogChanges,
    private readonly retirement: Retirement,
    private readonly revisionChecks: RevisionChecks,
  ) {}

  async create(caller: Caller, input: CreateResourceDto): Promise<ResourceView> {
    const providerCode = await this.providerFor(caller, input.providerCode);
    const metadata = metadataFrom(input);
    const code = await this.dataSource.transaction(async (manager) => {
      await this.checkRelated(caller, metadata, manager);
      const newCode = await this.resources.nextCode(classificationCode(metadata.classification), manager);
      const revision = this.revision('draft', metadata, caller);
      await this.resources.insert(newCode, providerCode, stateWith(null, revision, 'draft'), manager);
      await this.emit(manager, 'drafted', newCode, providerCode, caller, metadata);
      return newCode;
    });
    AuditTrail.record({
      resource: 'catalog_resource',
      subjects: [{ kind: 'record', value: code }],
      after: { name: metadata.name },
    });
    return this.view(caller, code);
  }

  /** Replaces the draft, or starts the next version of a published entry. */
  async replace(
    caller: Caller,
    code: string,
    input: ResourceMetadataDto,
    expectedEtag: number | undefined,
  ): Promise<ResourceView> {
    const metadata = metadataFrom(input);
    await this.change(caller, code, expectedEtag, async (resource, manager) => {
      if (resource.status === 'retired') throw transition(code, 'edit', 'it is retired');
      if (resource.revision?.state === 'submitted' && caller.kind !== 'operator') {
        throw transition(code, 'edit', 'its draft is submitted for review; an operator may send it back to you');
      }
      await this.checkRelated(caller, metadata, manager, code);
      const state = resource.revision?.state ?? 'draft';
      const revision = this.revision(state, metadata, caller);
      await this.resources.update(code, stateWith(resource, revision, resource.status), manager);
      await this.emit(manager, 'revised', code, resource.providerCode, caller, metadata);
    });
    return this.view(caller, code);
  }

  async submit(caller: Caller, code: string, expectedEtag: number | undefined): Promise<ResourceView> {
    await this.change(caller, code, expectedEtag, async (resource, manager) => {
      const draft = resource.revision;
      if (draft?.state !== 'draft') throw transition(code, 'submit', draft ? 'it is already submitted' : 'it has no draft');
      await this.revisionChecks.run(resource, draft.metadata, manager);
      const revision: Revision = { ...draft, state: 'submitted', returnedReason: null };
      const status = resource.current ? resource.status : 'submitted';
      await this.resources.update(code, stateWith(resource, revision, status), manager);
      await this.emit(manager, 'submitted', code, resource.providerCode, caller, draft.metadata);
    });
    return this.view(caller, code);
  }

  async sendBack(caller: Caller, code: string, reason: string, expectedEtag: number | undefined): Promise<ResourceView> {
    await this.change(caller, code, expectedEtag, async (resource, manager) => {
      const submitted = resource.revision;
      if (submitted?.state !== 'submitted') throw transition(code, 'send back', 'nothing is submitted');
      const revision: Revision = { ...submitted, state: 'draft', returnedReason: reason };
      const status = resource.current ? resource.status : 'draft';
      await this.resources.update(code, stateWith(resource, revision, status), manager);
      await this.emit(manager, 'returned', code, resource.providerCode, caller, submitted.metadata, { reason });
    });
    return this.view(caller, code);
  }

  async publish(caller: Caller, code: string, expectedEtag: number | undefined): Promise<ResourceView> {
    await this.change(caller, code, expectedEtag, async (resource, manager) => {
      const submitted = resource.revision;
      if (submitted?.state !== 'submitted') {
        throw transition(code, 'publish', submitted ? 'its draft is not submitted yet' : 'there is no submitted draft');
      }
      await this.revisionChecks.run(resource, submitted.metadata, manager);
      const version = (resource.current?.version ?? 0) + 1;
      await this.resources.insertVersion(code, version, submitted.metadata, caller.principalId, manager);
      await this.resources.update(
        code,
        {
          status: 'published',
          currentVersion: version,
          revision: null,
          effective: submitted.metadata,
          publishedAt: new Date(),
          retiredAt: null,
        },
        manager,
      );
      await this.emit(manager, 'published', code, resource.providerCode, caller, submitted.metadata, { version });
    });
    return this.view(caller, code);
  }

  async retire(caller: Caller, code: string, reason: string, expectedEtag: number | undefined): Promise<ResourceView> {
    await this.change(caller, code, expectedEtag, async (resource, manager) => {
      if (resource.status !== 'published') throw transition(code, 'retire', `it is ${resource.status}`);
      await this.resources.update(code, { ...stateWith(resource, null, 'retired'), retiredAt: new Date() }, manager);
      await this.retirement.closeRequests(manager, code, caller.principalId, reason);
      await this.emit(manager, 'retired', code, resource.providerCode, caller, effectiveMetadata(resource), { reason });
    });
    return this.view(caller, code);
  }

  async get(caller: Caller, code: string): Promise<ResourceView> {
    const view = await this.view(caller, code);
    AuditTrail.record({ resource: 'catalog_resource', subjects: [{ kind: 'record', value: code }] });
    return view;
  }

  async version(caller: Caller, code: string, version: number): Promise<VersionView> {
    await this.visible(caller, code);
    const found = (await this.resources.versions(code)).find((v) => v.version === version);
    if (!found) throw new CatalogError('resource_not_found', `The catalog entry ${code} has no published version ${version}.`);
    return toVersionView(code, found);
  }

  /** The entry as stored, for libraries that build on entries and check access themselves (datasets). */
  async find(code: string): Promise<CatalogResource | undefined> {
    return (await this.resources.find(code)) ?? undefined;
  }

  /**
   * The entry, held still (FOR SHARE) until `manager`'s transaction ends: no new version, no
   * retirement meanwhile — for a library deciding something on the entry's current version.
   */
  async findHeld(code: string, manager: EntityManager): Promise<CatalogResource | undefined> {
    await this.resources.lockShared(code, manager);
    return (await this.resources.find(code, manager)) ?? undefined;
  }

  /** The entry as the caller may know it; 404 for an entry the caller may not see. */
  async visible(caller: Caller, code: string): Promise<CatalogResource> {
    const resource = await this.resources.find(code);
    if (!resource || !mayKnow(caller, resource)) throw notFound(code);
    return resource;
  }

  private async view(caller: Caller, code: string): Promise<ResourceView> {
    const resource = await this.visible(caller, code);
    const owner = caller.kind === 'operator' || caller.principalId === resource.providerCode;
    return toResourceView(resource, await this.resources.versions(code), owner);
  }

  private async change(
    caller: Caller,
    code: string,
    expectedEtag: number | undefined,
    apply: (resource: CatalogResource, manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const resource = await this.resources.lock(code, manager);
      if (!resource || !mayKnow(caller, resource)) throw notFound(code);
      if (caller.kind !== 'operator' && caller.principalId !== resource.providerCode) {
        throw new CatalogError('not_provider', `Only the provider of ${code} or an operator may change it.`);
      }
      if (expectedEtag !== undefined && expectedEtag !== resource.etag) {
        throw new CatalogError(
          'version_mismatch',
          `The catalog entry ${code} changed since you read it (ETag "${resource.etag}", you sent "${expectedEtag}"); read it again.`,
        );
      }
      await apply(resource, manager);
    });
    // Entitlements depend on the entry's status and items: drop what this instance cached at once.
    this.changes.changed(code);
    AuditTrail.record({ resource: 'catalog_resource', subjects: [{ kind: 'record', value: code }] });
  }

  private async providerFor(caller: Caller, requested: string | undefined): Promise<string> {
    if (caller.kind === 'agency' && requested !== undefined && requested !== caller.principalId) {
      throw new CatalogError('not_provider', 'An agency drafts catalog entries for itself only; leave providerCode out.');
    }
    const code = caller.kind === 'agency' ? caller.principalId : requested;
    if (code === undefined) {
      throw new CatalogError('not_provider', 'Operators name the provider agency of the entry in providerCode.');
    }
    const agency = await this.agencies.find(code);
    if (!agency || agency.status !== 'active' || !agency.roles.includes('provider')) {
      throw new CatalogError('not_provider', `Agency ${code} is not an active provider agency and cannot hold catalog entries.`);
    }
    return code;
  }

  private async checkRelated(caller: Caller, metadata: ResourceMetadata, manager: EntityManager, self?: string): Promise<void> {
    const related = metadata.relatedResources.filter((code) => code !== self);
    const viewer =
      caller.kind === 'operator' ? ({ kind: 'operator' } as const) : ({ kind: 'agency', code: caller.principalId } as const);
    const existing = await this.resources.existingFor(related, viewer, manager);
    const missing = related.filter((code) => !existing.has(code));
    if (missing.length > 0) {
      throw new CatalogError('resource_not_found', `Related resource ${missing.join(', ')} is not in the catalog.`, {
        errors: missing.map((code) => ({ field: 'relatedResources', rule: 'exists', message: `no catalog entry ${code}` })),
      });
    }
  }

  private revision(state: Revision['state'], metadata: ResourceMetadata, caller: Caller): Revision {
    return { state, metadata, updatedAt: new Date(), updatedBy: caller.principalId, returnedReason: null };
  }

  private async emit(
    manager: EntityManager,
    action: LifecycleAction,
    code: string,
    providerCode: string,
    caller: Caller,
    metadata: ResourceMetadata,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await this.events.append(manager, [
      {
        type: eventType('catalog', 'resource', action),
        source: resourceSource(providerCode, code),
        subject: code,
        resourceCode: code,
        data: {
          code,
          provider: providerCode,
          name: metadata.name,
          sharingType: metadata.sharing.type,
          actor: caller.principalId,
          ...extra,
        },
      },
    ]);
  }
}

/** Operators see everything; the provider its own entries; others published or retired shareable entries. */
export function mayKnow(caller: Pick<Caller, 'kind' | 'principalId'>, resource: CatalogResource): boolean {
  if (caller.kind === 'operator' || caller.principalId === resource.providerCode) return true;
  if (caller.kind !== 'agency') return false;
  return (
    (resource.status === 'published' || resource.status === 'retired') && effectiveMetadata(resource).sharing.type !== 'none'
  );
}

function stateWith(resource: CatalogResource | null, revision: Revision | null, status: ResourceState['status']): ResourceState {
  const effective = resource?.current?.metadata ?? revision?.metadata;
  if (!effective) throw new Error('a catalog entry needs a version or a draft');
  return {
    status,
    currentVersion: resource?.current?.version ?? null,
    revision,
    effective,
    publishedAt: resource?.current?.publishedAt ?? null,
    retiredAt: resource?.retiredAt ?? null,
  };
}

function notFound(code: string): CatalogError {
  return new CatalogError('resource_not_found', `There is no catalog entry ${code} you may see.`);
}

function transition(code: string, action: string, why: string): CatalogError {
  return new CatalogError('lifecycle_transition', `Cannot ${action} catalog entry ${code}: ${why}.`);
}
