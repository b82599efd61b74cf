import { Injectable } from '@nestjs/common';
import type { OpenEntryCondition } from './open-entry.repository';
import { RESOURCE_CODE_PATTERN } from '../resources/resource.dto';
import { CkanError } from './ckan-error';
import { toCkanOrganization, toCkanPackage, type CkanOrganization, type CkanPackage } from './ckan-package';
import { CkanParams } from './ckan-params';
import { isFieldedQuery, parseCkanQuery } from './ckan-query';
import { DEFAULT_CKAN_SORT, parseCkanSort } from './ckan-sort';
import { CATALOG_DESCRIPTION, CATALOG_TITLE } from './dcat-vocabulary';
import { OpenDataIris } from './open-data-iris';
import { OpenEntriesService } from './open-entries.service';
import { codeOfSlug } from './open-entry';

export interface PackageSearchResult {
  readonly count: number;
  readonly sort: string;
  readonly results: readonly CkanPackage[];
  readonly facets: Record<string, never>;
  readonly search_facets: Record<string, never>;
}

export interface CkanStatus {
  readonly ckan_version: string;
  readonly site_url: string;
  readonly site_title: string;
  readonly site_description: string;
  readonly locale_default: string;
  readonly extensions: readonly string[];
}

/** The CKAN version whose Action API shapes these answers follow; clients read it from status_show. */
const CKAN_VERSION = '2.10.4';
const SEARCH_PARAMETERS = [
  'q',
  'fq',
  'fq_list',
  'sort',
  'rows',
  'start',
  'facet',
  'facet.field',
  'facet.limit',
  'facet.mincount',
  'include_private',
  'include_drafts',
  'include_deleted',
  'use_default_schema',
  // jQuery's cache-buster, which CKAN's API ignores too.
  '_',
];
const DEFAULT_ROWS = 10;
const MAX_ROWS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The read-only CKAN Action API subset that CKAN harvesters and clients call (standards.md §2.2),
 * over the same open entries as the DCAT view. Packages are entries, organisations their
 * providers; there are no groups.
 */
@Injectable()
export class CkanService {
  constructor(
    private readonly entries: OpenEntriesService,
    private readonly iris: OpenDataIris,
  ) {}

  async packageSearch(raw: Readonly<Record<string, unknown>>): Promise<PackageSearchResult> {
    const params = new CkanParams(raw).only(SEARCH_PARAMETERS);
    const rows = params.natural('rows', DEFAULT_ROWS, MAX_ROWS);
    const start = params.natural('start', 0);
    const sortText = params.string('sort')?.trim() || DEFAULT_CKAN_SORT;
    const sort = parseCkanSort(sortText);
    for (const flag of ['facet', 'include_private', 'include_drafts', 'include_deleted', 'use_default_schema']) {
      // Private, draft and deleted packages are never shown anonymously, so these change nothing here.
      params.boolean(flag, false);
    }
    const facetFields = params.string('facet.field')?.trim();
    if (facetFields !== undefined && facetFields !== '' && facetFields !== '[]') {
      throw CkanError.invalid('facet.field', 'Facets are not offered by this catalog');
    }
    const conditions: OpenEntryCondition[] = [...params.strings('fq'), ...params.strings('fq_list')]
      .filter((fq) => fq.trim() !== '')
      .map((fq) => parseCkanQuery(fq, 'fq'));
    const q = params.string('q')?.trim() ?? '';
    let text: string | undefined;
    if (q !== '' && q !== '*:*') {
      if (isFieldedQuery(q)) conditions.push(parseCkanQuery(q, 'q'));
      else if (q.length > 200) throw CkanError.invalid('q', 'longer than 200 characters');
      else text = q;
    }
    const where: OpenEntryCondition = { op: 'and', of: conditions };
    const [count, found] = await Promise.all([
      this.entries.count(where, text),
      rows === 0 ? [] : this.entries.find({ where, text, sort, offset: start, limit: rows }),
    ]);
    return {
      count,
      sort: sortText,
      results: found.map((entry) => toCkanPackage(entry, this.iris)),
      facets: {},
      search_facets: {},
    };
  }

  /** By package id (the UUID) or name (the slug); the resource code itself is accepted too. */
  async packageShow(raw: Readonly<Record<string, unknown>>): Promise<CkanPackage> {
    const id = new CkanParams(raw).string('id')?.trim();
    if (!id) throw CkanError.invalid('id', 'Missing value');
    const code = codeOfSlug(id) ?? (RESOURCE_CODE_PATTERN.test(id) ? id : undefined);
    const where: OpenEntryCondition | undefined = UUID.test(id)
      ? { op: 'equals', field: 'uuid', value: id.toLowerCase() }
      : code === undefined
        ? undefined
        : { op: 'equals', field: 'code', value: code };
    const entry = where && (await this.entries.findOne(where));
    if (!entry) throw CkanError.notFound('package');
    return toCkanPackage(entry, this.iris);
  }

  async packageList(raw: Readonly<Record<string, unknown>>): Promise<string[]> {
    const params = new CkanParams(raw);
    const offset = params.natural('offset', 0);
    const all: OpenEntryCondition = { op: 'all' };
    const limit = params.natural('limit', await this.entries.count(all));
    if (limit === 0) return [];
    const found = await this.entries.find({ where: all, sort: [{ key: 'code', order: 'asc' }], offset, limit });
    return found.map((entry) => toCkanPackage(entry, this.iris).name);
  }

  async organizationList(raw: Readonly<Record<string, unknown>>): Promise<string[] | CkanOrganization[]> {
    const params = new CkanParams(raw);
    const allFields = params.boolean('all_fields', false);
    const offset = params.natural('offset', 0);
    const limit = params.natural('limit', MAX_ROWS, MAX_ROWS);
    const providers = (await this.entries.providers()).slice(offset, offset + limit);
    return allFields
      ? providers.map((provider) => toCkanOrganization(provider, provider.entries))
      : providers.map((provider) => toCkanOrganization(provider).name);
  }

  /** By id (credit code) or name (its lower-cased slug); only agencies with open entries are known here. */
  async organizationShow(raw: Readonly<Record<string, unknown>>): Promise<CkanOrganization> {
    const id = new CkanParams(raw).string('id')?.trim();
    if (!id) throw CkanError.invalid('id', 'Missing value');
    const provider = (await this.entries.providers()).find((p) => p.code === id.toUpperCase());
    if (!provider) throw CkanError.notFound('organization');
    return toCkanOrganization(provider, provider.entries);
  }

  statusShow(): CkanStatus {
    return {
      ckan_version: CKAN_VERSION,
      site_url: this.iris.base,
      site_title: CATALOG_TITLE,
      site_description: CATALOG_DESCRIPTION,
      locale_default: 'zh_Hans_CN',
      extensions: [],
    };
  }
}
