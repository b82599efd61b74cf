import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  CatalogChanges,
  mayKnow,
  ResourceService,
  RevisionChecks,
  type CatalogResource,
  type ResourceMetadata,
} from '@hutong/catalog';
import type { Caller } from '@hutong/identity';
import { AuditTrail } from '@hutong/platform';
import { RegistryBindingRepository } from '@hutong/registries';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { DatasetError, datasetNotFound } from '../datasets.errors';
import { definabilityViolations, schemaOf } from '../schema/dataset-schema';
import { breakingChanges } from '../schema/schema-evolution';
import { DatasetDirectory, type ResolvedDataset } from './dataset-directory';
import { DatasetIndexes } from './dataset-indexes';
import { DatasetRepository } from './dataset.repository';

/** A dataset as its readers see it: its majors, each with its entry, schema version and index state. */
export interface DatasetView {
  readonly agency: string;
  readonly code: string;
  readonly name: string;
  readonly majors: readonly MajorView[];
}

export interface MajorView {
  readonly major: number;
  readonly resourceCode: string;
  readonly catalogVersion: number;
  /** `published` (readable and writable) or `retired` (neither). */
  readonly status: string;
  readonly schema: string;
  readonly records: string;
  readonly indexed: readonly string[];
  /** Indexed in the schema, index still being built: not filterable yet. */
  readonly indexesBuilding: readonly string[];
}

/**
 * Registers datasets on catalog entries and guards their schemas: the first major on an entry of
 * the agency's, later majors on new entries, and — as a check the catalog runs before it submits
 * or publishes a version — a refusal of any version that would break a registered major.
 */
@Injectable()
export class DatasetRegistrationService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetRepository,
    private readonly directory: DatasetDirectory,
    private readonly indexes: DatasetIndexes,
    private readonly resources: ResourceService,
    private readonly bindings: RegistryBindingRepository,
    private readonly revisionChecks: RevisionChecks,
    private readonly changes: CatalogChanges,
  ) {}

  onModuleInit(): void {
    this.revisionChecks.register((resource, next, manager) => this.checkRevision(resource, next, manager));
    this.changes.subscribe((code) => void this.afterCatalogChange(code));
  }

  async register(caller: Caller, agency: string, code: string, resourceCode: string): Promise<DatasetView> {
    assertProviderOrOperator(caller, agency);
    if ((await this.datasets.majors(agency, code)).length > 0) {
      throw new DatasetError(
        'dataset_exists',
        `Agency ${agency} already has a dataset ${code}; register a new schema as its next major (POST /agencies/${agency}/datasets/${code}/versions).`,
      );
    }
    await this.create(caller, agency, code, resourceCode, 1);
    return this.view(caller, agency, code);
  }

  async addMajor(caller: Caller, agency: string, code: string, resourceCode: string): Promise<DatasetView> {
    assertProviderOrOperator(caller, agency);
    const majors = await this.datasets.majors(agency, code);
    const last = majors.at(-1);
    if (!last) throw datasetNotFound(agency, code);
    await this.create(caller, agency, code, resourceCode, last.major + 1);
    return this.view(caller, agency, code);
  }

  async view(caller: Caller, agency: string, code: string): Promise<DatasetView> {
    const majors = await this.directory.majors(agency, code);
    const visible: ResolvedDataset[] = [];
    for (const major of majors) {
      const resolved = await this.directory.byRegistry(major.registry);
      if (resolved && mayKnow(caller, resolved.resource)) visible.push(resolved);
    }
    const newest = visible.at(-1);
    if (!newest) throw datasetNotFound(agency, code);
    return { agency, code, name: newest.schema.name, majors: visible.map(majorView) };
  }

  async list(caller: Caller, agency: string | null): Promise<DatasetView[]> {
    const majors = await this.datasets.list(agency);
    const names = [...new Map(majors.map((m) => [`${m.agency}/${m.code}`, m])).values()];
    const views: DatasetView[] = [];
    for (const major of names) {
      // A dataset none of whose majors the caller may know of is left out (view answers it as not found).
      const view = await this.view(caller, major.agency, major.code).catch((error: unknown) => {
        if (error instanceof DatasetError && error.code === 'dataset_not_found') return undefined;
        throw error;
      });
      if (view) views.push(view);
    }
    return views;
  }

  private async create(caller: Caller, agency: string, code: string, resourceCode: string, major: number): Promise<void> {
    await this.dataSource
      .transaction(async (manager) => {
        // The entry is held still until the major exists: a version published meanwhile is checked against it.
        const resource = await this.definingEntry(agency, resourceCode, manager);
        const bound = await this.datasets.byResource(resourceCode, manager);
        if (bound) throw alreadyDefines(resourceCode, bound.code, bound.major);
        const registry = await this.datasets.nextRegistryCode(manager);
        await this.bindings.save(
          {
            registry,
            resourceCode,
            verificationResourceCode: null,
            providerCode: agency,
            contributors: {},
            installedAt: new Date(),
            installedBy: caller.principalId,
          },
          manager,
        );
        const sinceVersion = resource.current?.version ?? 0;
        await this.datasets.insert(manager, registry, {
          agency,
          code,
          major,
          resourceCode,
          sinceVersion,
          createdBy: caller.principalId,
        });
      })
      .catch((error: unknown) => {
        // Two registrations of one code or entry at once: the second meets the first's row.
        if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
          throw new DatasetError(
            'dataset_exists',
            `Dataset ${code} version ${major}, or one on entry ${resourceCode}, was just registered.`,
          );
        }
        throw error;
      });
    this.directory.forgetDataset(agency, code);
    // The partitions are empty: building the indexes now takes milliseconds, and filters work at once.
    await this.indexes.ensure(await this.directory.find(agency, code, major));
    this.directory.forgetDataset(agency, code);
    AuditTrail.record({
      resource: resourceCode,
      subjects: [{ kind: 'record', value: `${agency}/${code}/v${major}` }],
      after: { dataset: code, major, resourceCode },
    });
  }

  /** The entry a major is defined by: the agency's own, published, and able to define a dataset. */
  private async definingEntry(agency: string, resourceCode: string, manager: EntityManager): Promise<CatalogResource> {
    const resource = await this.resources.findHeld(resourceCode, manager);
    const problem = (rule: string, message: string) =>
      new DatasetError('not_definable', `Catalog entry ${resourceCode} cannot define a dataset: ${message}.`, {
        errors: [{ field: 'resourceCode', rule, message }],
      });
    if (resource?.providerCode !== agency) throw problem('own_entry', `${agency} provides no such entry`);
    if (resource.status !== 'published' || !resource.current)
      throw problem('published', `it is ${resource.status}, not published`);
    const violations = definabilityViolations(resource.current.metadata);
    if (violations.length > 0) {
      throw new DatasetError('not_definable', `Catalog entry ${resourceCode} cannot define a dataset.`, { errors: violations });
    }
    return resource;
  }

  /** The catalog's revision check: a version of an entry that defines a major must keep the major's schema working. */
  private async checkRevision(resource: CatalogResource, next: ResourceMetadata, manager: EntityManager): Promise<void> {
    const major = await this.datasets.byResource(resource.code, manager);
    if (!major || !resource.current) return;
    const before = schemaOf(resource.current.metadata, resource.current.version);
    const after = schemaOf(next, resource.current.version + 1);
    const problems = [...definabilityViolations(next), ...breakingChanges(before, after)];
    if (problems.length === 0) return;
    throw new DatasetError(
      'breaking_change',
      `Catalog entry ${resource.code} defines dataset ${major.code} version ${major.major}; this version would break it (${problems
        .map((p) => p.rule)
        .join(
          ', ',
        )}). Publish the new schema as a new catalog entry and register it as version ${major.major + 1} (POST /agencies/${major.agency}/datasets/${major.code}/versions); version ${major.major} stays readable until its entry is retired.`,
      { errors: problems, extensions: { dataset: major.code, major: major.major } },
    );
  }

  /** A new version may mark items indexed: build their indexes now rather than at the first filter. */
  private async afterCatalogChange(resourceCode: string): Promise<void> {
    if (resourceCode === '*') return;
    const major = await this.datasets.byResource(resourceCode).catch(() => undefined);
    if (!major) return;
    this.directory.forgetResource(resourceCode);
    const resolved = await this.directory.byRegistry(major.registry).catch(() => undefined);
    if (resolved) this.indexes.ensureInBackground(resolved);
  }
}

function alreadyDefines(resourceCode: string, code: string, major: number): DatasetError {
  return new DatasetError(
    'dataset_exists',
    `Catalog entry ${resourceCode} already defines ${code} version ${major}; each major has its own entry.`,
  );
}

function assertProviderOrOperator(caller: Caller, agency: string): void {
  if (caller.kind === 'operator' || caller.principalId === agency) return;
  throw new DatasetError('not_dataset_provider', `Only agency ${agency} (or an operator) registers its datasets.`);
}

function majorView(resolved: ResolvedDataset): MajorView {
  const { major, schema, resource, name } = resolved;
  const base = `/agencies/${name.agency}/datasets/${name.code}`;
  const indexed = schema.items.filter((item) => item.indexed).map((item) => item.code);
  return {
    major: major.major,
    resourceCode: major.resourceCode,
    catalogVersion: schema.catalogVersion,
    status: resource.status,
    schema: `${base}/schema?version=${major.major}`,
    records: `${base}/records?version=${major.major}`,
    indexed: indexed.filter((item) => DatasetIndexes.ready(resolved, item)),
    indexesBuilding: indexed.filter((item) => !DatasetIndexes.ready(resolved, item)),
  };
}
