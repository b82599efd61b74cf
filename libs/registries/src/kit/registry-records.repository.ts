import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RecordValues } from './record-change';
import { itemSql, sqlLiteral } from './item-sql';
import { tablesOf } from './record-store';
import type { RegistryItem } from './registry-definition';

/** Who contributed an attribute group of a record, and when (source time and recording time). */
export interface GroupSource {
  readonly agency: string;
  readonly sourceTime: string;
  readonly recordedAt: string;
}

export interface StoredRecord {
  readonly key: string;
  readonly version: number;
  readonly record: RecordValues;
  readonly sources: Readonly<Record<string, GroupSource>>;
  readonly status: string;
  readonly scopeDivision: string;
  readonly openDisputes: number;
  readonly updatedAt: Date;
  readonly updatedBy: string;
  readonly importId: string | null;
}

export interface StoredVersion {
  readonly key: string;
  readonly version: number;
  readonly record: RecordValues;
  readonly sources: Readonly<Record<string, GroupSource>>;
  readonly status: string;
  readonly scopeDivision: string;
  readonly changedGroups: readonly string[];
  readonly recordedAt: Date;
  readonly recordedBy: string;
  readonly reason: string | null;
  readonly importId: string | null;
}

/** A version to write: the new current record and its history row. */
export interface VersionToWrite {
  readonly key: string;
  readonly version: number;
  readonly record: RecordValues;
  readonly sources: Readonly<Record<string, GroupSource>>;
  readonly status: string;
  readonly scopeDivision: string;
  readonly searchNames: string;
  readonly searchGrams: readonly string[];
  readonly changedGroups: readonly string[];
}

export interface WriteContext {
  readonly registry: string;
  readonly at: Date;
  readonly by: string;
  readonly reason: string | null;
  readonly importId: string | null;
  /** The registry's geometry item, whose GeoJSON is also stored as a PostGIS geometry; null if it has none. */
  readonly geometryItem: string | null;
}

export interface RecordSearch {
  readonly registry: string;
  /** Bigrams that must all occur in the names, and the normalised query the names must contain. */
  readonly name?: { readonly grams: readonly string[]; readonly like: string };
  readonly divisionPrefix?: string;
  /** Item → value equality on the record. */
  readonly equals: Readonly<Record<string, string>>;
  /** Division-code prefixes of the caller's row scope; undefined = all rows. */
  readonly scope?: readonly string[];
  readonly after?: string;
  readonly limit: number;
}

interface RecordRow {
  key: string;
  version: number;
  record: RecordValues;
  sources: Record<string, GroupSource>;
  status: string;
  scope_division: string;
  open_disputes: number;
  updated_at: Date;
  updated_by: string;
  import_id: string | null;
}

interface VersionRow {
  key: string;
  version: number;
  record: RecordValues;
  sources: Record<string, GroupSource>;
  status: string;
  scope_division: string;
  changed_groups: string[];
  recorded_at: Date;
  recorded_by: string;
  reason: string | null;
  import_id: string | null;
}

const RECORD_COLUMNS = 'key, version, record, sources, status, scope_division, open_disputes, updated_at, updated_by, import_id';
const VERSION_COLUMNS =
  'key, version, record, sources, status, scope_division, changed_groups, recorded_at, recorded_by, reason, import_id';

/**
 * SQL of the registry store: current records and their versions. Writes are set-based — a batch of
 * any size is one statement that upserts the current rows (only where the version the writer read
 * is still current: optimistic concurrency without locks) and appends the history rows of exactly
 * those that were written.
 */
@Injectable()
export class RegistryRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  async current(registry: string, keys: readonly string[], manager?: EntityManager): Promise<Map<string, StoredRecord>> {
    if (keys.length === 0) return new Map();
    const rows = await (manager ?? this.dataSource.manager).query<RecordRow[]>(
      `SELECT ${RECORD_COLUMNS} FROM ${tablesOf(registry).records} WHERE registry = $1 AND key = ANY($2::text[])`,
      [registry, keys],
    );
    return new Map(rows.map((row) => [row.key, toStored(row)]));
  }

  /** Writes the versions whose predecessor is still current; returns the keys written. */
  async write(manager: EntityManager, context: WriteContext, versions: readonly VersionToWrite[]): Promise<Set<string>> {
    if (versions.length === 0) return new Set();
    const tables = tablesOf(context.registry);
    const incoming = versions.map((v) => ({
      key: v.key,
      version: v.version,
      record: v.record,
      sources: v.sources,
      status: v.status,
      scope_division: v.scopeDivision,
      search_names: v.searchNames,
      search_grams: v.searchGrams,
      changed_groups: v.changedGroups,
    }));
    const rows = await manager.query<Array<{ key: string }>>(
      `WITH incoming AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb) AS i(key text, version integer, record jsonb, sources jsonb, status text,
           scope_division text, search_names text, search_grams text[], changed_groups text[])
       ), written AS (
         INSERT INTO ${tables.records} AS r (registry, key, version, record, sources, status, scope_division, search_names,
           search_grams, updated_at, updated_by, import_id, geom)
         SELECT $1, key, version, record, sources, status, scope_division, search_names, search_grams, $3, $4, $6,
                CASE WHEN $7::text IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON((record -> $7::text)::text), 4490) END
           FROM incoming
         ON CONFLICT (registry, key) DO UPDATE
           SET version = EXCLUDED.version, record = EXCLUDED.record, sources = EXCLUDED.sources, status = EXCLUDED.status,
               scope_division = EXCLUDED.scope_division, search_names = EXCLUDED.search_names,
               search_grams = EXCLUDED.search_grams, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by,
               import_id = EXCLUDED.import_id, geom = EXCLUDED.geom
           WHERE r.version = EXCLUDED.version - 1
         RETURNING r.key, r.version
       ), versioned AS (
         INSERT INTO ${tables.versions} (registry, key, version, record, sources, status, scope_division, changed_groups,
           recorded_at, recorded_by, reason, import_id)
         SELECT $1, i.key, i.version, i.record, i.sources, i.status, i.scope_division, i.changed_groups, $3, $4, $5, $6
           FROM incoming i JOIN written w ON w.key = i.key AND w.version = i.version
         RETURNING key
       )
       SELECT key FROM versioned`,
      [
        context.registry,
        JSON.stringify(incoming),
        context.at,
        context.by,
        context.reason,
        context.importId,
        context.geometryItem,
      ],
    );
    return new Set(rows.map((row) => row.key));
  }

  /** Keys whose geometry PostGIS finds invalid (OGC simple-feature rules), with its reason. */
  async invalidGeometries(geometries: ReadonlyArray<{ key: string; geometry: unknown }>): Promise<Map<string, string>> {
    if (geometries.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ key: string; reason: string }>>(
      `SELECT g.key, ST_IsValidReason(ST_GeomFromGeoJSON(g.geometry::text)) AS reason
         FROM jsonb_to_recordset($1::jsonb) AS g(key text, geometry jsonb)
        WHERE NOT ST_IsValid(ST_GeomFromGeoJSON(g.geometry::text))`,
      [JSON.stringify(geometries)],
    );
    return new Map(rows.map((row) => [row.key, row.reason]));
  }

  /** Which of the keys exist in a registry (in any status). */
  async existingKeys(registry: string, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.dataSource.query<Array<{ key: string }>>(
      `SELECT key FROM ${tablesOf(registry).records} WHERE registry = $1 AND key = ANY($2::text[])`,
      [registry, keys],
    );
    return new Set(rows.map((row) => row.key));
  }

  /**
   * Which records (not cancelled) hold these values of a unique item: value (as text) → key. Served
   * by the registry's unique expression index, whose expression and predicate this repeats.
   */
  async holdersOf(
    registry: string,
    cancelledStatus: string,
    item: RegistryItem,
    values: readonly string[],
  ): Promise<Map<string, string>> {
    if (values.length === 0) return new Map();
    const { expression, parameterType } = itemSql(item);
    const rows = await this.dataSource.query<Array<{ key: string; value: string }>>(
      `SELECT key, record ->> '${item.code}' AS value FROM ${tablesOf(registry).records}
        WHERE registry = ${sqlLiteral(registry)} AND status <> ${sqlLiteral(cancelledStatus)}
          AND ${expression} = ANY($1::${parameterType}[])`,
      [values],
    );
    return new Map(rows.map((row) => [row.value, row.key]));
  }

  /** The version that was current at `at` (the newest recorded at or before it). */
  async asOf(registry: string, key: string, at: Date): Promise<StoredVersion | undefined> {
    const rows = await this.dataSource.query<VersionRow[]>(
      `SELECT ${VERSION_COLUMNS} FROM ${tablesOf(registry).versions}
        WHERE registry = $1 AND key = $2 AND recorded_at <= $3
        ORDER BY version DESC LIMIT 1`,
      [registry, key, at],
    );
    return rows[0] && toVersion(rows[0]);
  }

  async history(registry: string, key: string): Promise<StoredVersion[]> {
    const rows = await this.dataSource.query<VersionRow[]>(
      `SELECT ${VERSION_COLUMNS} FROM ${tablesOf(registry).versions} WHERE registry = $1 AND key = $2 ORDER BY version DESC`,
      [registry, key],
    );
    return rows.map(toVersion);
  }

  /** Current records of the keys that lie inside the scope (prefixes of the scope division). */
  async many(registry: string, keys: readonly string[], scope: readonly string[] | undefined): Promise<StoredRecord[]> {
    const rows = await this.dataSource.query<RecordRow[]>(
      `SELECT ${RECORD_COLUMNS} FROM ${tablesOf(registry).records}
        WHERE registry = $1 AND key = ANY($2::text[])
          AND ($3::text[] IS NULL OR scope_division LIKE ANY($3::text[]))`,
      [registry, keys, scope === undefined ? null : scope.map((prefix) => `${prefix}%`)],
    );
    return rows.map(toStored);
  }

  /** One page of records matching the filters inside the scope, in key order after `after`. */
  async search(search: RecordSearch): Promise<StoredRecord[]> {
    const where = ['registry = $1'];
    const values: unknown[] = [search.registry];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    if (search.name) {
      if (search.name.grams.length > 0) where.push(`search_grams @> ${param(search.name.grams)}::text[]`);
      where.push(`search_names LIKE ${param(search.name.like)}`);
    }
    if (search.divisionPrefix !== undefined) where.push(`scope_division LIKE ${param(`${search.divisionPrefix}%`)}`);
    for (const [item, value] of Object.entries(search.equals)) where.push(`record ->> ${param(item)} = ${param(value)}`);
    if (search.scope !== undefined) where.push(`scope_division LIKE ANY(${param(search.scope.map((p) => `${p}%`))}::text[])`);
    if (search.after !== undefined) where.push(`key > ${param(search.after)}`);
    const rows = await this.dataSource.query<RecordRow[]>(
      `SELECT ${RECORD_COLUMNS} FROM ${tablesOf(search.registry).records} WHERE ${where.join(' AND ')} ORDER BY key LIMIT ${param(search.limit)}`,
      values,
    );
    return rows.map(toStored);
  }

  async adjustDisputes(manager: EntityManager, registry: string, key: string, delta: 1 | -1): Promise<void> {
    await manager.query('UPDATE registry_records SET open_disputes = open_disputes + $3 WHERE registry = $1 AND key = $2', [
      registry,
      key,
      delta,
    ]);
  }
}

function toStored(row: RecordRow): StoredRecord {
  return {
    key: row.key,
    version: row.version,
    record: row.record,
    sources: row.sources,
    status: row.status,
    scopeDivision: row.scope_division,
    openDisputes: row.open_disputes,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    importId: row.import_id,
  };
}

function toVersion(row: VersionRow): StoredVersion {
  return {
    key: row.key,
    version: row.version,
    record: row.record,
    sources: row.sources,
    status: row.status,
    scopeDivision: row.scope_division,
    changedGroups: row.changed_groups,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
    reason: row.reason,
    importId: row.import_id,
  };
}
