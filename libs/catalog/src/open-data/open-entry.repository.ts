import { Injectable } from '@nestjs/common';
import { normalizeSearchText, searchBigrams } from '@hutong/platform';
import { DataSource } from 'typeorm';
import { escapeLike, SELECT_RESOURCE, toResource, type ResourceRow } from '../resources/resource.repository';
import type { CatalogResource } from '../resources/resource';

/**
 * A condition on entries open to the public, as harvesters ask for them (CKAN `fq`). Ranges are
 * on `modified` (when the current version was published — drafting the next one changes nothing public; harvesters see it as metadata_modified) or `issued`
 * (when version 1 was published); `provider` is a credit code, `uuid` the entry's derived UUID.
 */
export type OpenEntryCondition =
  | { readonly op: 'and' | 'or'; readonly of: readonly OpenEntryCondition[] }
  | { readonly op: 'not'; readonly of: OpenEntryCondition }
  | { readonly op: 'all' | 'none' }
  | {
      readonly op: 'range';
      readonly field: 'modified' | 'issued';
      readonly from: { readonly at: Date; readonly inclusive: boolean } | null;
      readonly to: { readonly at: Date; readonly inclusive: boolean } | null;
    }
  | { readonly op: 'equals'; readonly field: 'provider' | 'code' | 'uuid' | 'keyword'; readonly value: string };

export type OpenEntrySortKey = 'uuid' | 'code' | 'name' | 'modified' | 'issued' | 'relevance';

export interface OpenEntryQuery {
  readonly where: OpenEntryCondition;
  /** Free text over name, summary, keywords and items, as the catalog search matches it. */
  readonly text?: string;
  readonly sort: ReadonlyArray<{ readonly key: OpenEntrySortKey; readonly order: 'asc' | 'desc' }>;
  readonly offset: number;
  readonly limit: number;
}

/** A published entry open to the public, with what the open-data views add to it. */
export interface OpenEntryRecord {
  readonly resource: CatalogResource;
  /** Name-based UUID (RFC 9562 version 3, URL namespace) of the entry's dataset IRI. */
  readonly uuid: string;
  /** When version 1 was published: the entry's 发布日期. */
  readonly issued: Date;
}

export interface OpenProvider {
  readonly code: string;
  readonly name: string;
  readonly entries: number;
}

/** SQL for the entries harvesters may see: published and open to the public (开放属性). */
@Injectable()
export class OpenEntryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Published entries open to the public matching a harvester's query. `iriPrefix` is what the
   * entry code is appended to for its dataset IRI; the UUID is derived from that IRI, so it is
   * stable, unique across gateways, and sortable here (CKAN harvesters page by `id asc`).
   */
  async searchOpen(query: OpenEntryQuery, iriPrefix: string): Promise<OpenEntryRecord[]> {
    const sql = new OpenEntrySql(iriPrefix, query.text);
    const order = query.sort.flatMap(({ key, order }) => {
      const expression = sql.sortKey(key);
      return expression === undefined ? [] : [`${expression} ${order === 'desc' ? 'DESC' : 'ASC'}`];
    });
    const rows: Array<ResourceRow & { uuid: string; issued: Date }> = await this.dataSource.query(
      `${sql.select('o.*', query.where)}
        ORDER BY ${[...order, 'o.code COLLATE "C" ASC'].join(', ')}
        OFFSET ${sql.param(query.offset)} LIMIT ${sql.param(query.limit)}`,
      sql.parameters,
    );
    return rows.map((row) => ({ resource: toResource(row), uuid: row.uuid, issued: row.issued }));
  }

  async countOpen(where: OpenEntryCondition, iriPrefix: string, text?: string): Promise<number> {
    const sql = new OpenEntrySql(iriPrefix, text);
    const rows: Array<{ n: number }> = await this.dataSource.query(sql.select('count(*)::int AS n', where), sql.parameters);
    return rows[0]?.n ?? 0;
  }

  /** Which of these codes are published and open to the public (a view may link only those). */
  async openCodes(codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows: Array<{ code: string }> = await this.dataSource.query(
      `SELECT code FROM catalog_resources WHERE code = ANY ($1) AND status = 'published' AND open_to_public`,
      [codes],
    );
    return new Set(rows.map((row) => row.code));
  }

  /** Agencies with at least one published entry open to the public, by credit code. */
  async openProviders(): Promise<OpenProvider[]> {
    const rows: Array<{ code: string; name: string; entries: number }> = await this.dataSource.query(
      `SELECT r.provider_code AS code, p.name, count(*)::int AS entries
         FROM catalog_resources r JOIN principals p ON p.id = r.provider_code
        WHERE r.status = 'published' AND r.open_to_public
        GROUP BY r.provider_code, p.name
        ORDER BY r.provider_code COLLATE "C"`,
    );
    return rows;
  }
}

/** The RFC 9562 URL namespace, whose bytes prefix the name of a version 3 (MD5) UUID. */
const URL_NAMESPACE_HEX = '6ba7b8119dad11d180b400c04fd430c8';

/** The digest as a UUID string, with the version (3) and variant (10xx) bits set. */
const UUID_FROM_DIGEST = `substr(digest, 1, 8) || '-' || substr(digest, 9, 4) || '-3' || substr(digest, 14, 3) || '-'
  || substr('89ab89ab89ab89ab', strpos('0123456789abcdef', substr(digest, 17, 1)), 1) || substr(digest, 18, 3)
  || '-' || substr(digest, 21, 12)`;

/**
 * The query over published entries open to the public: `o` is the entry (the columns `toResource`
 * reads, plus `uuid` and `issued`), `s` its row with the search columns.
 */
class OpenEntrySql {
  readonly parameters: unknown[] = [];
  private readonly prefix: string;
  private readonly text: { readonly normalized: string; readonly contains: string; readonly grams: string | null } | undefined;

  constructor(iriPrefix: string, text: string | undefined) {
    this.prefix = this.param(iriPrefix);
    if (text === undefined) return;
    const normalized = normalizeSearchText(text);
    const grams = searchBigrams(text);
    this.text = {
      normalized,
      contains: this.param(`%${escapeLike(normalized)}%`),
      grams: grams.length > 0 ? this.param(grams) : null,
    };
  }

  param(value: unknown): string {
    this.parameters.push(value);
    return `$${this.parameters.length}`;
  }

  select(columns: string, where: OpenEntryCondition): string {
    const conditions = [this.condition(where)];
    if (this.text) {
      if (this.text.grams) conditions.push(`s.search_grams @> ${this.text.grams}::text[]`);
      conditions.push(`s.search_text LIKE ${this.text.contains}`);
    }
    return `WITH e AS (${SELECT_RESOURCE} WHERE r.status = 'published' AND r.open_to_public),
         d AS (SELECT e.*,
                      md5(decode('${URL_NAMESPACE_HEX}', 'hex') || convert_to(${this.prefix}::text || e.code, 'UTF8')) AS digest,
                      (SELECT f.published_at FROM catalog_resource_versions f
                        WHERE f.resource_code = e.code AND f.version = 1) AS issued
                 FROM e),
         o AS (SELECT d.*, ${UUID_FROM_DIGEST} AS uuid FROM d)
       SELECT ${columns} FROM o JOIN catalog_resources s ON s.code = o.code
        WHERE ${conditions.join(' AND ')}`;
  }

  /** Undefined for relevance without a text: every entry ranks the same then. */
  sortKey(key: OpenEntrySortKey): string | undefined {
    switch (key) {
      case 'uuid':
        return 'o.uuid COLLATE "C"';
      case 'code':
        return 'o.code COLLATE "C"';
      case 'name':
        return 's.name_normalized';
      case 'modified':
        return 'o.current_published_at';
      case 'issued':
        return 'o.issued';
      case 'relevance':
        // 3 for an exact name, 2 when the name contains the text, 1 for a match elsewhere.
        return this.text
          ? `CASE WHEN s.name_normalized = ${this.param(this.text.normalized)} THEN 3
                  WHEN s.name_normalized LIKE ${this.text.contains} THEN 2 ELSE 1 END`
          : undefined;
    }
  }

  private condition(condition: OpenEntryCondition): string {
    switch (condition.op) {
      case 'all':
        return 'TRUE';
      case 'none':
        return 'FALSE';
      case 'and':
      case 'or':
        if (condition.of.length === 0) return condition.op === 'and' ? 'TRUE' : 'FALSE';
        return `(${condition.of.map((c) => this.condition(c)).join(condition.op === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `NOT (${this.condition(condition.of)})`;
      case 'range': {
        const column = condition.field === 'modified' ? 'o.current_published_at' : 'o.issued';
        const bounds = ['TRUE'];
        if (condition.from) bounds.push(`${column} ${condition.from.inclusive ? '>=' : '>'} ${this.param(condition.from.at)}`);
        if (condition.to) bounds.push(`${column} ${condition.to.inclusive ? '<=' : '<'} ${this.param(condition.to.at)}`);
        return `(${bounds.join(' AND ')})`;
      }
      case 'equals':
        switch (condition.field) {
          case 'provider':
            return `o.provider_code = ${this.param(condition.value)}`;
          case 'code':
            return `o.code = ${this.param(condition.value)}`;
          case 'uuid':
            return `o.uuid = ${this.param(condition.value)}`;
          case 'keyword':
            return `o.current_metadata -> 'keywords' @> jsonb_build_array(${this.param(condition.value)}::text)`;
        }
    }
  }
}
