import { Injectable } from '@nestjs/common';
import { normalizeSearchText, searchBigrams, validationProblem } from '@hutong/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { ResourceSort } from './resource.dto';
import type { CatalogResource, PublishedVersion, ResourceMetadata, ResourceStatus, Revision } from './resource';

export interface ResourceRow {
  code: string;
  provider_code: string;
  provider_name: string;
  status: ResourceStatus;
  current_version: number | null;
  current_metadata: ResourceMetadata | null;
  current_published_at: Date | null;
  current_published_by: string | null;
  revision: StoredRevision | null;
  etag: number;
  created_at: Date;
  updated_at: Date;
  retired_at: Date | null;
}

interface StoredRevision {
  state: 'draft' | 'submitted';
  metadata: ResourceMetadata;
  updatedAt: string;
  updatedBy: string;
  returnedReason: string | null;
}

/** The state of an entry after a change; the repository derives the search columns from it. */
export interface ResourceState {
  readonly status: ResourceStatus;
  readonly currentVersion: number | null;
  readonly revision: Revision | null;
  /** What search and filters see: the published metadata if any, else the draft. */
  readonly effective: ResourceMetadata;
  readonly publishedAt: Date | null;
  readonly retiredAt: Date | null;
}

/** Who is searching: operators see every entry; an agency its own and what others publish to share. */
export type Viewer = { readonly kind: 'operator' } | { readonly kind: 'agency'; readonly code: string };

export interface ResourceFilters {
  readonly q?: string;
  readonly provider?: string;
  readonly category?: string;
  readonly classificationPrefix?: string;
  readonly sharingType?: string;
  readonly open?: boolean;
  readonly updateCycle?: string;
  readonly format?: string;
  readonly level?: string;
  readonly securityLevel?: number;
  readonly status?: ResourceStatus;
}

export interface SearchPage {
  readonly sort: ResourceSort;
  readonly order: 'asc' | 'desc';
  readonly after: { readonly key: string; readonly code: string } | null;
  readonly limit: number;
}

export interface SearchHit {
  readonly resource: CatalogResource;
  readonly sortKey: string;
}

export const FACET_FIELDS = {
  provider: 'provider_code',
  category: 'category',
  sharingType: 'sharing_type',
  open: 'open_to_public::text',
  updateCycle: 'update_cycle',
  format: 'format',
  level: 'administrative_level',
  securityLevel: 'security_level::text',
} as const;
export type FacetField = keyof typeof FACET_FIELDS;
export type Facets = Record<FacetField, Record<string, number>>;

export const SELECT_RESOURCE = `
  SELECT r.code, r.provider_code, p.name AS provider_name, r.status, r.current_version,
         v.metadata AS current_metadata, v.published_at AS current_published_at, v.published_by AS current_published_by,
         r.revision, r.etag, r.created_at, r.updated_at, r.retired_at
    FROM catalog_resources r
    JOIN principals p ON p.id = r.provider_code
    LEFT JOIN catalog_resource_versions v ON v.resource_code = r.code AND v.version = r.current_version`;

/** Sort key expressions; each is also selected as text for the cursor and compared back with its type. */
const SORT_KEYS: Record<ResourceSort, { expression: string; type: string }> = {
  relevance: { expression: 'score', type: 'integer' },
  name: { expression: 'r.name_normalized', type: 'text' },
  published: { expression: "coalesce(r.published_at, 'infinity'::timestamptz)", type: 'timestamptz' },
  updated: { expression: 'r.updated_at', type: 'timestamptz' },
  code: { expression: 'r.code', type: 'text' },
};

/** SQL for catalog entries and their published versions. */
@Injectable()
export class ResourceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The next stable resource code under a classification: `{分类码}/{顺序码}`, 顺序码 six digits. */
  async nextCode(classificationCode: string, manager: EntityManager): Promise<string> {
    const rows: Array<{ last_value: number }> = await manager.query(
      `INSERT INTO catalog_code_sequences (prefix, last_value) VALUES ($1, 1)
       ON CONFLICT (prefix) DO UPDATE SET last_value = catalog_code_sequences.last_value + 1
       RETURNING last_value`,
      [classificationCode],
    );
    const sequence = rows[0]?.last_value ?? 1;
    if (sequence > 999_999) {
      throw validationProblem([
        {
          field: 'classification',
          rule: 'sequence_exhausted',
          message: `classification ${classificationCode} has used all 999 999 sequence numbers; classify the entry under a 细目 (detail)`,
        },
      ]);
    }
    return `${classificationCode}/${String(sequence).padStart(6, '0')}`;
  }

  async find(code: string, manager: EntityManager = this.dataSource.manager): Promise<CatalogResource | undefined> {
    const rows: ResourceRow[] = await manager.query(`${SELECT_RESOURCE} WHERE r.code = $1`, [code]);
    return rows[0] && toResource(rows[0]);
  }

  async lock(code: string, manager: EntityManager): Promise<CatalogResource | undefined> {
    const rows: ResourceRow[] = await manager.query(`${SELECT_RESOURCE} WHERE r.code = $1 FOR UPDATE OF r`, [code]);
    return rows[0] && toResource(rows[0]);
  }

  /** Holds the entry still (FOR SHARE) while a decision about it commits: no retirement or new version meanwhile. */
  async lockShared(code: string, manager: EntityManager): Promise<void> {
    await manager.query('SELECT 1 FROM catalog_resources WHERE code = $1 FOR SHARE', [code]);
  }

  /** Which of these codes the viewer may know of (a hidden entry is answered as absent). */
  async existingFor(
    codes: readonly string[],
    viewer: Viewer,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows: Array<{ code: string }> = await manager.query(
      `SELECT code FROM catalog_resources
        WHERE code = ANY ($1)
          AND ($2::text IS NULL OR provider_code = $2 OR (status IN ('published', 'retired') AND sharing_type <> 'none'))`,
      [codes, viewer.kind === 'agency' ? viewer.code : null],
    );
    return new Set(rows.map((row) => row.code));
  }

  async insert(code: string, providerCode: string, state: ResourceState, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO catalog_resources (code, provider_code, status, current_version, revision, published_at, retired_at,
         name, name_normalized, search_text, search_grams, category, sharing_type, open_to_public, update_cycle, format,
         administrative_level, security_level)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [code, providerCode, ...stateParameters(state)],
    );
  }

  async update(code: string, state: ResourceState, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE catalog_resources
          SET status = $2, current_version = $3, revision = $4, published_at = $5, retired_at = $6,
              name = $7, name_normalized = $8, search_text = $9, search_grams = $10, category = $11, sharing_type = $12,
              open_to_public = $13, update_cycle = $14, format = $15, administrative_level = $16, security_level = $17,
              etag = etag + 1, updated_at = now()
        WHERE code = $1`,
      [code, ...stateParameters(state)],
    );
  }

  async insertVersion(
    code: string,
    version: number,
    metadata: ResourceMetadata,
    by: string,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO catalog_resource_versions (resource_code, version, metadata, published_by) VALUES ($1, $2, $3, $4)`,
      [code, version, JSON.stringify(metadata), by],
    );
  }

  async versions(code: string): Promise<PublishedVersion[]> {
    const rows: Array<{ version: number; metadata: ResourceMetadata; published_at: Date; published_by: string }> =
      await this.dataSource.query(
        `SELECT version, metadata, published_at, published_by FROM catalog_resource_versions
          WHERE resource_code = $1 ORDER BY version`,
        [code],
      );
    return rows.map((row) => ({
      version: row.version,
      metadata: row.metadata,
      publishedAt: row.published_at,
      publishedBy: row.published_by,
    }));
  }

  async search(viewer: Viewer, filters: ResourceFilters, page: SearchPage): Promise<SearchHit[]> {
    const where = new WhereBuilder(viewer, filters);
    const sortKey = SORT_KEYS[page.sort];
    const direction = page.order === 'desc' ? 'DESC' : 'ASC';
    const score = where.scoreExpression();
    if (page.after) {
      const key = where.param(page.after.key);
      const code = where.param(page.after.code);
      const beyond = page.order === 'desc' ? '<' : '>';
      where.add(`(k.key ${beyond} ${key}::${sortKey.type} OR (k.key = ${key}::${sortKey.type} AND k.code > ${code}))`);
    }
    const rows: Array<ResourceRow & { sort_key: string }> = await this.dataSource.query(
      `WITH k AS (
         SELECT r.code, ${sortKey.expression === 'score' ? score : sortKey.expression} AS key
           FROM catalog_resources r ${where.baseSql()}
       )
       ${SELECT_RESOURCE.replace('FROM catalog_resources r', 'FROM k JOIN catalog_resources r ON r.code = k.code').replace(
         'SELECT r.code,',
         'SELECT k.key::text AS sort_key, r.code,',
       )}
       ${where.pageSql()}
       ORDER BY k.key ${direction}, r.code ASC
       LIMIT ${where.param(page.limit)}`,
      where.parameters,
    );
    return rows.map((row) => ({ resource: toResource(row), sortKey: row.sort_key }));
  }

  async facets(viewer: Viewer, filters: ResourceFilters): Promise<Facets> {
    const where = new WhereBuilder(viewer, filters);
    const selects = Object.entries(FACET_FIELDS).map(
      ([name, column]) => `SELECT '${name}' AS facet, ${column} AS value, count(*)::int AS n FROM filtered GROUP BY ${column}`,
    );
    const rows: Array<{ facet: FacetField; value: string; n: number }> = await this.dataSource.query(
      `WITH filtered AS (SELECT r.* FROM catalog_resources r ${where.baseSql()})
       ${selects.join(' UNION ALL ')}`,
      where.parameters,
    );
    const facets = Object.fromEntries(Object.keys(FACET_FIELDS).map((name) => [name, {}])) as Facets;
    for (const row of rows) facets[row.facet][row.value] = row.n;
    return facets;
  }
}

/** Builds the visibility and filter clauses of a search, with numbered parameters. */
class WhereBuilder {
  readonly parameters: unknown[] = [];
  private readonly base: string[] = [];
  private readonly paging: string[] = [];
  private normalizedQuery: string | undefined;

  constructor(viewer: Viewer, filters: ResourceFilters) {
    if (viewer.kind === 'agency') {
      const me = this.param(viewer.code);
      this.base.push(`(r.provider_code = ${me} OR (r.status IN ('published', 'retired') AND r.sharing_type <> 'none'))`);
    }
    if (filters.q !== undefined) this.text(filters.q);
    this.equal('r.provider_code', filters.provider);
    this.equal('r.category', filters.category);
    if (filters.classificationPrefix !== undefined)
      this.base.push(`r.code LIKE ${this.param(`${filters.classificationPrefix}%`)}`);
    this.equal('r.sharing_type', filters.sharingType);
    this.equal('r.open_to_public', filters.open);
    this.equal('r.update_cycle', filters.updateCycle);
    this.equal('r.format', filters.format);
    this.equal('r.administrative_level', filters.level);
    this.equal('r.security_level', filters.securityLevel);
    this.equal('r.status', filters.status);
  }

  param(value: unknown): string {
    this.parameters.push(value);
    return `$${this.parameters.length}`;
  }

  add(condition: string): void {
    this.paging.push(condition);
  }

  baseSql(): string {
    return this.base.length === 0 ? '' : `WHERE ${this.base.join(' AND ')}`;
  }

  pageSql(): string {
    return this.paging.length === 0 ? '' : `WHERE ${this.paging.join(' AND ')}`;
  }

  /** 3 for an exact name, 2 when the name contains the query, 1 for a match elsewhere. */
  scoreExpression(): string {
    if (this.normalizedQuery === undefined) return '0';
    const exact = this.param(this.normalizedQuery);
    const contains = this.param(`%${escapeLike(this.normalizedQuery)}%`);
    return `CASE WHEN r.name_normalized = ${exact} THEN 3 WHEN r.name_normalized LIKE ${contains} THEN 2 ELSE 1 END`;
  }

  private text(q: string): void {
    this.normalizedQuery = normalizeSearchText(q);
    const grams = searchBigrams(q);
    if (grams.length > 0) this.base.push(`r.search_grams @> ${this.param(grams)}::text[]`);
    this.base.push(`r.search_text LIKE ${this.param(`%${escapeLike(this.normalizedQuery)}%`)}`);
  }

  private equal(column: string, value: unknown): void {
    if (value !== undefined) this.base.push(`${column} = ${this.param(value)}`);
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function stateParameters(state: ResourceState): unknown[] {
  const metadata = state.effective;
  const searchText = [metadata.name, metadata.summary, ...metadata.keywords, ...metadata.items.map((item) => item.name)].join(
    '|',
  );
  return [
    state.status,
    state.currentVersion,
    state.revision === null ? null : JSON.stringify(storedRevision(state.revision)),
    state.publishedAt,
    state.retiredAt,
    metadata.name,
    normalizeSearchText(metadata.name),
    normalizeSearchText(searchText),
    searchBigrams(searchText),
    metadata.classification.category,
    metadata.sharing.type,
    metadata.openAccess.open,
    metadata.updateCycle,
    metadata.format,
    metadata.administrativeLevel,
    metadata.securityLevel,
  ];
}

function storedRevision(revision: Revision): StoredRevision {
  return { ...revision, updatedAt: revision.updatedAt.toISOString() };
}

export function toResource(row: ResourceRow): CatalogResource {
  return {
    code: row.code,
    providerCode: row.provider_code,
    providerName: row.provider_name,
    status: row.status,
    current:
      row.current_version !== null && row.current_metadata !== null
        ? {
            version: row.current_version,
            metadata: row.current_metadata,
            publishedAt: row.current_published_at ?? row.updated_at,
            publishedBy: row.current_published_by ?? '',
          }
        : null,
    revision: row.revision === null ? null : { ...row.revision, updatedAt: new Date(row.revision.updatedAt) },
    etag: row.etag,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    retiredAt: row.retired_at,
  };
}
