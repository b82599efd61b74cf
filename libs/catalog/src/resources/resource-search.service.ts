import { Injectable } from '@nestjs/common';
import type { Caller } from '@hutong/identity';
import { AuditTrail, validationProblem } from '@hutong/platform';
import { isPgTimestamp } from '../instants';
import type { ResourceQueryDto, ResourceSort } from './resource.dto';
import { ResourceRepository, type Facets, type ResourceFilters, type SearchPage, type Viewer } from './resource.repository';
import { effectiveMetadata, type CatalogResource, type ResourceStatus } from './resource';

const DEFAULT_PAGE_SIZE = 20;

export interface ResourceSummary {
  readonly code: string;
  readonly name: string;
  readonly provider: { readonly code: string; readonly name: string };
  readonly status: ResourceStatus;
  readonly version: number | null;
  readonly classification: string;
  readonly sharingType: string;
  readonly openToPublic: boolean;
  readonly updateCycle: string;
  readonly format: string;
  readonly administrativeLevel: string;
  readonly securityLevel: number;
  readonly summary: string;
  readonly publishedAt: string | null;
  readonly updatedAt: string;
}

export interface ResourcePage {
  readonly items: readonly ResourceSummary[];
  readonly facets: Facets;
  readonly sort: ResourceSort;
  readonly order: 'asc' | 'desc';
  readonly nextCursor: string | null;
}

/** Catalog search: Chinese n-gram full text, filters, facet counts and keyset pagination. */
@Injectable()
export class ResourceSearchService {
  constructor(private readonly resources: ResourceRepository) {}

  async search(caller: Caller, query: ResourceQueryDto): Promise<ResourcePage> {
    const viewer: Viewer = caller.kind === 'operator' ? { kind: 'operator' } : { kind: 'agency', code: caller.principalId };
    const sort = query.sort ?? (query.q === undefined ? 'code' : 'relevance');
    if (sort === 'relevance' && query.q === undefined) {
      throw validationProblem([{ field: 'sort', rule: 'needs_q', message: 'sort=relevance needs a query q' }]);
    }
    const order = query.order ?? (sort === 'relevance' ? 'desc' : 'asc');
    const filters = filtersOf(query);
    const page: SearchPage = {
      sort,
      order,
      after: query.cursor === undefined ? null : decodeCursor(query.cursor, sort, order),
      limit: (query.limit ?? DEFAULT_PAGE_SIZE) + 1,
    };
    const [hits, facets] = await Promise.all([
      this.resources.search(viewer, filters, page),
      this.resources.facets(viewer, filters),
    ]);
    const shown = hits.slice(0, page.limit - 1);
    const last = shown[shown.length - 1];
    AuditTrail.record({ resource: 'catalog_resource', recordCount: shown.length });
    return {
      items: shown.map((hit) => toSummary(hit.resource)),
      facets,
      sort,
      order,
      nextCursor: hits.length > shown.length && last ? encodeCursor(sort, order, last.sortKey, last.resource.code) : null,
    };
  }
}

function filtersOf(query: ResourceQueryDto): ResourceFilters {
  return {
    ...(query.q !== undefined ? { q: query.q } : {}),
    ...(query.provider !== undefined ? { provider: query.provider } : {}),
    ...(query.category !== undefined ? { category: query.category } : {}),
    ...(query.classification !== undefined ? { classificationPrefix: query.classification } : {}),
    ...(query.sharingType !== undefined ? { sharingType: query.sharingType } : {}),
    ...(query.open !== undefined ? { open: query.open === 'true' } : {}),
    ...(query.updateCycle !== undefined ? { updateCycle: query.updateCycle } : {}),
    ...(query.format !== undefined ? { format: query.format } : {}),
    ...(query.level !== undefined ? { level: query.level } : {}),
    ...(query.securityLevel !== undefined ? { securityLevel: query.securityLevel } : {}),
    ...(query.status !== undefined ? { status: query.status } : {}),
  };
}

/** The cursor names the sort it belongs to, so a cursor reused with another sort is refused, not misread. */
function encodeCursor(sort: ResourceSort, order: string, key: string, code: string): string {
  return Buffer.from(JSON.stringify({ s: sort, o: order, k: key, c: code })).toString('base64url');
}

function decodeCursor(cursor: string, sort: ResourceSort, order: string): { key: string; code: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'k' in parsed &&
      'c' in parsed &&
      typeof parsed.k === 'string' &&
      typeof parsed.c === 'string' &&
      'o' in parsed &&
      's' in parsed &&
      parsed.s === sort &&
      parsed.o === order &&
      keyFits(sort, parsed.k)
    ) {
      return { key: parsed.k, code: parsed.c };
    }
  } catch {
    // fall through to the problem below
  }
  throw validationProblem([
    { field: 'cursor', rule: 'cursor', message: 'cursor is not one this search returned (same q, filters, sort and order)' },
  ]);
}

/** The cursor's key is cast to the sort column's type in SQL: it must be a value of that type. */
function keyFits(sort: ResourceSort, key: string): boolean {
  switch (sort) {
    case 'relevance':
      return /^[0-3]$/.test(key);
    case 'published':
    case 'updated':
      return isPgTimestamp(key);
    case 'name':
    case 'code':
      return key.length <= 500;
  }
}

function toSummary(resource: CatalogResource): ResourceSummary {
  const metadata = effectiveMetadata(resource);
  return {
    code: resource.code,
    name: metadata.name,
    provider: { code: resource.providerCode, name: resource.providerName },
    status: resource.status,
    version: resource.current?.version ?? null,
    classification: resource.code.split('/')[0] ?? '',
    sharingType: metadata.sharing.type,
    openToPublic: metadata.openAccess.open,
    updateCycle: metadata.updateCycle,
    format: metadata.format,
    administrativeLevel: metadata.administrativeLevel,
    securityLevel: metadata.securityLevel,
    summary: metadata.summary,
    publishedAt: resource.current?.publishedAt.toISOString() ?? null,
    updatedAt: resource.updatedAt.toISOString(),
  };
}
