import { Injectable } from '@nestjs/common';
import type { Caller } from '@hutong/identity';
import { validationProblem } from '@hutong/platform';
import { recordNotFound } from '@hutong/registries';
import { compileCql2, Cql2Error } from '../cql2';
import { SPATIAL_COLLECTIONS, type SpatialCollection } from '../collections/spatial-collections';
import { STORAGE_SRID, type SupportedCrs } from '../ogc/crs';
import { parseItemsQuery, type ItemsQuery } from '../ogc/items-query';
import { FeatureAccess, type CollectionAccess } from './feature-access';
import { envelopeOf, FeatureRepository, SqlParams, type Extent } from './feature.repository';
import { featureOf, type Feature } from './feature-views';

export interface FeaturePage {
  readonly features: Feature[];
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
    const selection = this.access.selection(access, conditions);
    const { rows, matched: numberMatched } = await this.features.pageAndCount(selection, query.crs, query.limit, query.offset);
    this.access.recordRead(
      caller,
      access,
      rows.map((row) => row.key),
    );
    const geometryItem = access.collection.definition.geometryItem ?? '';
    return {
      features: rows.map((row) => featureOf(row, access.decision, geometryItem)),
      numberMatched,
      numberReturned: rows.length,
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

  /** The extent of a collection, recomputed at most once a minute (it is metadata, not a count). */
  async extent(collection: SpatialCollection): Promise<Extent> {
    const cached = this.extents.get(collection.id);
    if (cached && Date.now() - cached.at < EXTENT_TTL_MS) return cached.extent;
    const extent = await this.features.extent(
      collection.definition.code,
      collection.definition.status.cancelled,
      collection.temporalItem,
    );
    this.extents.set(collection.id, { at: Date.now(), extent });
    return extent;
  }

  collections(): readonly SpatialCollection[] {
    return SPATIAL_COLLECTIONS;
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
