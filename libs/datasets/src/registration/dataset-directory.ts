import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CatalogChanges, ResourceService, type CatalogResource } from '@hutong/catalog';
import { RegistryDirectory, RUN_TIME_REGISTRY_CODE, type InstalledRegistry, type RegistrySource } from '@hutong/registries';
import { datasetNotFound } from '../datasets.errors';
import { definitionOf } from '../schema/dataset-definition';
import { schemaOf, type DatasetSchema } from '../schema/dataset-schema';
import type { DatasetName } from '../schema/json-schema';
import type { DatasetMajor } from './dataset';
import { DatasetRepository } from './dataset.repository';

/** A dataset major with everything a request needs: its schema (from its entry's current version) and its registry. */
export interface ResolvedDataset {
  readonly major: DatasetMajor;
  readonly name: DatasetName;
  readonly schema: DatasetSchema;
  readonly resource: CatalogResource;
  readonly installed: InstalledRegistry;
}

/** Nothing cached is trusted longer than this, whatever the change channel says (as the entitlement cache). */
const MAX_AGE_MS = 30_000;
/** A new major registered on another instance shows up here within this. */
const MAJORS_MAX_AGE_MS = 10_000;

interface Cached<V> {
  readonly value: V;
  readonly at: number;
}

/**
 * Resolves dataset majors — by registry code for the kit (it is a RegistrySource), by agency, code
 * and major for the dataset routes — and caches them: a request reads no catalog row and no
 * dataset row. An entry's change (a new version, retirement) drops what is cached about it, on this
 * instance at once and on others through the catalog's change channel.
 */
@Injectable()
export class DatasetDirectory implements RegistrySource, OnModuleInit {
  private readonly resolved = new Map<string, Cached<ResolvedDataset | undefined>>();
  private readonly majorLists = new Map<string, Cached<DatasetMajor[]>>();

  constructor(
    private readonly datasets: DatasetRepository,
    private readonly resources: ResourceService,
    private readonly changes: CatalogChanges,
    private readonly registries: RegistryDirectory,
  ) {}

  onModuleInit(): void {
    this.registries.addSource(this);
    this.changes.subscribe((code) => this.forgetResource(code));
  }

  async resolve(registry: string): Promise<InstalledRegistry | undefined> {
    if (!RUN_TIME_REGISTRY_CODE.test(registry)) return undefined;
    return (await this.byRegistry(registry))?.installed;
  }

  async byRegistry(registry: string): Promise<ResolvedDataset | undefined> {
    const cached = this.resolved.get(registry);
    if (cached && Date.now() - cached.at < MAX_AGE_MS) return cached.value;
    const major = await this.datasets.byRegistry(registry);
    const value = major && (await this.load(major));
    this.resolved.set(registry, { value, at: Date.now() });
    return value;
  }

  /** The major asked for, or the newest when none is named; 404 when there is none. */
  async find(agency: string, code: string, majorNumber?: number): Promise<ResolvedDataset> {
    const majors = await this.majors(agency, code);
    const major = majorNumber === undefined ? majors.at(-1) : majors.find((m) => m.major === majorNumber);
    const resolved = major && (await this.byRegistry(major.registry));
    if (!resolved) throw datasetNotFound(agency, code, majorNumber);
    return resolved;
  }

  async majors(agency: string, code: string): Promise<DatasetMajor[]> {
    const key = `${agency}/${code}`;
    const cached = this.majorLists.get(key);
    if (cached && Date.now() - cached.at < MAJORS_MAX_AGE_MS) return cached.value;
    const majors = await this.datasets.majors(agency, code);
    this.majorLists.set(key, { value: majors, at: Date.now() });
    return majors;
  }

  /** Drops everything cached about one dataset (after a registration or an index build on this instance). */
  forgetDataset(agency: string, code: string): void {
    this.majorLists.delete(`${agency}/${code}`);
    for (const [registry, cached] of this.resolved) {
      if (cached.value?.major.agency === agency && cached.value.major.code === code) this.resolved.delete(registry);
    }
  }

  forgetResource(resourceCode: string): void {
    if (resourceCode === '*') {
      this.resolved.clear();
      this.majorLists.clear();
      return;
    }
    for (const [registry, cached] of this.resolved) {
      if (cached.value?.major.resourceCode === resourceCode) this.resolved.delete(registry);
    }
  }

  private async load(major: DatasetMajor): Promise<ResolvedDataset | undefined> {
    const resource = await this.resources.find(major.resourceCode);
    if (!resource?.current) return undefined;
    const name: DatasetName = { agency: major.agency, code: major.code, major: major.major };
    const schema = schemaOf(resource.current.metadata, resource.current.version);
    const installed: InstalledRegistry = {
      definition: definitionOf(major.registry, name, schema),
      binding: {
        registry: major.registry,
        resourceCode: major.resourceCode,
        verificationResourceCode: null,
        providerCode: major.agency,
        contributors: {},
        installedAt: major.createdAt,
        installedBy: major.createdBy,
      },
    };
    return { major, name, schema, resource, installed };
  }
}
