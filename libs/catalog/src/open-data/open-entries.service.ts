import { Injectable } from '@nestjs/common';
import {
  OpenEntryRepository,
  type OpenEntryCondition,
  type OpenEntryQuery,
  type OpenEntryRecord,
  type OpenProvider,
} from './open-entry.repository';
import { OpenDataIris } from './open-data-iris';
import type { OpenEntry } from './open-entry';

/** Reads what the public may see of the catalog: published entries whose provider opened them (开放属性). */
@Injectable()
export class OpenEntriesService {
  constructor(
    private readonly resources: OpenEntryRepository,
    private readonly iris: OpenDataIris,
  ) {}

  async find(query: OpenEntryQuery): Promise<OpenEntry[]> {
    const records = await this.resources.searchOpen(query, this.iris.datasetPrefix);
    const mentioned = new Set(records.flatMap((record) => publishedOf(record).metadata.relatedResources));
    const open = await this.resources.openCodes([...mentioned]);
    return records.map((record) => toOpenEntry(record, open));
  }

  async findOne(where: OpenEntryCondition): Promise<OpenEntry | undefined> {
    const [entry] = await this.find({ where, sort: [], offset: 0, limit: 1 });
    return entry;
  }

  count(where: OpenEntryCondition, text?: string): Promise<number> {
    return this.resources.countOpen(where, this.iris.datasetPrefix, text);
  }

  providers(): Promise<OpenProvider[]> {
    return this.resources.openProviders();
  }
}

function publishedOf(record: OpenEntryRecord): NonNullable<OpenEntryRecord['resource']['current']> {
  const current = record.resource.current;
  if (!current) throw new Error(`open catalog entry ${record.resource.code} has no published version`);
  return current;
}

function toOpenEntry(record: OpenEntryRecord, open: ReadonlySet<string>): OpenEntry {
  const { resource } = record;
  const published = publishedOf(record);
  return {
    code: resource.code,
    uuid: record.uuid,
    provider: { code: resource.providerCode, name: resource.providerName },
    metadata: published.metadata,
    version: published.version,
    issued: record.issued,
    // What the public sees changes only when a version is published, not while the next is drafted.
    modified: resource.current?.publishedAt ?? resource.updatedAt,
    related: published.metadata.relatedResources.filter((code) => open.has(code)),
  };
}
