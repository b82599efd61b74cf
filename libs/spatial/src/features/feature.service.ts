import { Injectable } from '@nestjs/common';
import { maskValue } from '@hutong/catalog';
import { QueryFailedError } from 'typeorm';
import type { Caller } from '@hutong/identity';
import { Problem, validationProblem } from '@hutong/platform';
import { recordNotFound } from '@hutong/registries';
import { compileCql2, Cql2Error, type Cql2Expression, type Cql2Geometry } from '../cql2';
import { SPATIAL_COLLECTIONS, type SpatialCollection } from '../collections/spatial-collections';
import { STORAGE_SRID, type SupportedCrs } from '../ogc/crs';
import { parseItemsQuery, type ItemsQuery } from '../ogc/items-query';
import { FeatureAccess, type Allowed, type CollectionAccess } from './feature-access';
import { envelopeOf, FeatureRepository, SqlParams, type Extent } from './feature.repository';
import { featureOf, type Feature } from './feature-views';

export interface FeaturePage {
  /** Each feature as GeoJSON text, ready to be spliced into the FeatureCollection. */
  readonly features: string[];
  readonly numberMatched: number;
  readonly numberReturned: number;
  readonly query: ItemsQuery;
}

const EXTENT_TTL_MS = 60_000;

/**
 * OGC API – Features reads: a page of a collection's features (bbox, datetime, property and CQL2
 * filters, all pushed down to PostGIS as parameterised SQL) and single features, each through the
 * entitlement check — ungranted items dropped from `properties`, features outside the row scope
 * never selected, so `numberMatched` counts only what the caller may see.
 */
@Injectable()
export class FeatureService {
  private readonly extents = new Map<string, { at: number; extent: Extent }>();

  constructor(
    private readonly access: FeatureAccess,
    private readonly features: FeatureRepository,
  ) {}

  async items(caller: Caller, collectionId: string, raw: Readonly<Record<string, unknown>>): Promise<FeaturePage> {
    const access = await this.access.open(caller, collectionId);
    const query = parseItemsQuery(raw, access.queryables);
    const used = new Set(query.equals.map(({ queryable }) => queryable.code));
    if (query.datetime) used.add(access.collection.temporalItem);
    const conditions = (params: SqlParams) => this.conditions(access, query, params, used);
    conditions(new SqlParams()); // compiles the filter once before any query: its errors, and the properties it reads
    this.access.assertReadable(access, used);
    if (query.filter) await this.assertValidLiterals(query.filter.expression);
    const selection = this.access.selection(access, conditions);
    const { features, matched: numberMatched } = await asBadInput(
      this.features.pageAndCount(selection, query.crs, {
        limit: query.limit,
        offset: query.offset,
        hiddenItems: hiddenItemsOf(access),
      }),
    );
    this.access.recordRead(
      caller,
      access,
      features.map((feature) => feature.key),
    );
    return {
      features: features.map((feature) => maskedFeatureText(feature.json, access.decision)),
      numberMatched,
      numberReturned: features.length,
      query,
    };
  }

  async item(caller: Caller, collectionId: string, featureId: string, crs: SupportedCrs): Promise<Feature> {
    const access = await this.access.open(caller, collectionId);
    const selection = this.access.selection(access, (params) => [`r.key = ${params.add(featureId)}`]);
    const [row] = await this.features.page(selection, crs, 1, 0);
    if (!row) throw recordNotFound(collectionId);
    this.access.recordRead(caller, access, [row.key]);
    return featureOf(row, access.decision, access.collection.definition.geometryItem ?? '');
  }

  async queryables(caller: Caller, collectionId: string): Promise<CollectionAccess> {
    return this.access.open(caller, collectionId);
  }

  /**
   * The extent of a collection as the caller may see it — inside its row scope — recomputed at most
   * once a minute per scope (it is metadata, not a count); undefined when the caller may not read
   * the collection (or it is not installed), so an extent never tells where hidden features are.
   */
  async extentFor(caller: Caller, collection: SpatialCollection): Promise<Extent | undefined> {
    let access: CollectionAccess;
    try {
      access = await this.access.open(caller, collection.id);
    } catch (error) {
      if (error instanceof Problem && (error.status === 403 || error.status === 404)) return undefined;
      throw error;
    }
    const selection = this.access.selection(access, () => []);
    const key = `${collection.id}|${selection.scope?.join(',') ?? '*'}`;
    const cached = this.extents.get(key);
    if (cached && Date.now() - cached.at < EXTENT_TTL_MS) return cached.extent;
    const extent = await this.features.extent(selection, collection.temporalItem);
    this.extents.set(key, { at: Date.now(), extent });
    return extent;
  }

  collections(): readonly SpatialCollection[] {
    return SPATIAL_COLLECTIONS;
  }

  /**
   * Geometry literals of a filter must be valid before they meet any row: GEOS raises on some
   * invalid shapes only when a row's box touches them — rows outside the caller's scope included —
   * which would make an error tell where hidden features are.
   */
  private async assertValidLiterals(expression: Cql2Expression): Promise<void> {
    const reason = await this.features.invalidGeometryReason(geometryLiteralsOf(expression).map((g) => JSON.stringify(g)));
    if (reason !== undefined) {
      throw validationProblem([
        { field: 'filter', rule: 'invalid_geometry', message: `a geometry literal is invalid: ${reason}` },
      ]);
    }
  }

  private conditions(access: CollectionAccess, query: ItemsQuery, params: SqlParams, used: Set<string>): string[] {
    const conditions: string[] = [];
    if (query.bbox) conditions.push(`ST_Intersects(r.geom, ${envelopeOf(query.bbox.values, query.bbox.crs, params)})`);
    if (query.datetime) {
      const column = `(r.record ->> '${access.collection.temporalItem}')::date`;
      const { start, end } = query.datetime;
      if (start !== null) conditions.push(`${column} >= ${params.add(start)}::date`);
      if (end !== null) conditions.push(`${column} <= ${params.add(end)}::date`);
    }
    for (const { queryable, value } of query.equals)
      conditions.push(`${queryable.sql} = ${params.add(value)}${castOf(queryable.type)}`);
    if (query.filter) conditions.push(this.compiledFilter(access, query.filter, params, used));
    return conditions;
  }

  private compiledFilter(
    access: CollectionAccess,
    filter: NonNullable<ItemsQuery['filter']>,
    params: SqlParams,
    used: Set<string>,
  ): string {
    try {
      return compileCql2(filter.expression, {
        property: (name) => {
          const queryable = access.queryables.find((candidate) => candidate.code === name);
          if (queryable) used.add(name);
          return queryable && { sql: queryable.sql, type: queryable.type };
        },
        param: (value) => params.add(value),
        filterCrs: { srid: filter.crs.srid, latitudeFirst: filter.crs.latitudeFirst },
        storageSrid: STORAGE_SRID,
      });
    } catch (error) {
      if (error instanceof Cql2Error) throw validationProblem([{ field: 'filter', rule: error.rule, message: error.message }]);
      throw error;
    }
  }
}

function castOf(type: string): string {
  switch (type) {
    case 'integer':
    case 'number':
      return '::numeric';
    case 'boolean':
      return '::boolean';
    case 'date':
      return '::date';
    case 'timestamp':
      return '::timestamptz';
    default:
      return '';
  }
}

/** Every geometry literal in a filter tree, wherever it stands. */
function geometryLiteralsOf(node: unknown, found: Cql2Geometry[] = []): Cql2Geometry[] {
  if (Array.isArray(node)) {
    for (const child of node) geometryLiteralsOf(child, found);
  } else if (typeof node === 'object' && node !== null) {
    if ('kind' in node && node.kind === 'geometry' && 'geometry' in node) found.push(node.geometry as Cql2Geometry);
    else for (const child of Object.values(node)) geometryLiteralsOf(child, found);
  }
  return found;
}

/**
 * A data exception (SQLSTATE class 22: a value out of range for its type) from a query built from
 * the request is the request's fault: a 400, not a 500. The parsers refuse what they know of; this
 * catches what they do not.
 */
async function asBadInput<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    const code = error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
    if (code?.startsWith('22')) {
      throw validationProblem([
        { field: 'query', rule: 'out_of_range', message: 'a value in the request is out of range for its type' },
      ]);
    }
    throw error;
  }
}

/** Items the caller may not read, and the geometry item (it is the feature's geometry, not a property). */
function hiddenItemsOf(access: CollectionAccess): string[] {
  const geometryItem = access.collection.definition.geometryItem;
  return access.installed.definition.items
    .map((item) => item.code)
    .filter((code) => code === geometryItem || !access.decision.items.includes(code));
}

/** A feature's text with the grant's masked items masked; untouched (no parse) when nothing is masked. */
function maskedFeatureText(json: string, decision: Allowed): string {
  const masked = Object.entries(decision.masks);
  if (masked.length === 0) return json;
  const feature = JSON.parse(json) as { properties: Record<string, unknown> };
  for (const [item, dataType] of masked) {
    if (Object.hasOwn(feature.properties, item)) feature.properties[item] = maskValue(dataType, feature.properties[item]);
  }
  return JSON.stringify(feature);
}
