import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CGCS2000, CRS84, STORAGE_SRID, WEB_MERCATOR, type SupportedCrs } from '../ogc/crs';

/** Collects bind values; every value in a spatial query goes through here, never into the SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Which features: the collection's live ones, narrowed by the caller's row scope and the request's filters. */
export interface FeatureSelection {
  readonly registry: string;
  readonly retiredStatus: string;
  /** Division codes whose polygons bound what the caller may see; undefined = everywhere. */
  readonly scope?: readonly string[];
  readonly scopeRegistry: string;
  /** SQL conditions over `registry_records r`, with their values added to the params given. */
  readonly conditions: (params: SqlParams) => readonly string[];
}

export interface FeatureRow {
  readonly key: string;
  readonly record: Record<string, unknown>;
  readonly updatedAt: Date;
  /** GeoJSON geometry text in the output CRS. */
  readonly geometry: string;
  readonly distance?: number;
}

export interface Extent {
  readonly bbox: [number, number, number, number] | null;
  readonly interval: [string | null, string | null];
}

interface RowOut {
  key: string;
  record: Record<string, unknown>;
  updated_at: Date;
  geometry: string;
  distance?: number;
}

/**
 * The SQL of spatial reads over the registry store: pages and counts of features, extents, the
 * divisions containing a point, nearest features and address look-up. Geometries are stored in
 * CGCS2000 and leave in the CRS asked for: CRS84 as stored (CGCS2000 and WGS 84 agree to a few
 * centimetres, and PostGIS's own transformation between them is the identity), EPSG:4490 with its
 * axes swapped to latitude-first, EPSG:3857 transformed.
 */
@Injectable()
export class FeatureRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(selection: FeatureSelection, crs: SupportedCrs, limit: number, offset: number): Promise<FeatureRow[]> {
    const params = new SqlParams();
    const where = whereOf(selection, params);
    const rows = await this.dataSource.query<RowOut[]>(
      `SELECT r.key, r.record, r.updated_at, ST_AsGeoJSON(${outputGeometry(crs)}, ${crs.decimals}, 0) AS geometry
         FROM registry_records r
        WHERE ${where}
        ORDER BY r.key
        LIMIT ${params.add(limit)} OFFSET ${params.add(offset)}`,
      params.values,
    );
    return rows.map(toFeatureRow);
  }

  /**
   * A page of features as GeoJSON text built by PostgreSQL — properties already cut to the items
   * the caller may read (`record - hidden`) — and the number matched, in one statement: the window
   * count is taken over every matching row before LIMIT applies. Only a page past the end (no row
   * to carry the count) costs a second query. The gateway splices the texts into its answer
   * without parsing them again.
   */
  async pageAndCount(
    selection: FeatureSelection,
    crs: SupportedCrs,
    page: { limit: number; offset: number; hiddenItems: readonly string[] },
  ): Promise<{ features: Array<{ key: string; json: string }>; matched: number }> {
    const params = new SqlParams();
    const where = whereOf(selection, params);
    const hidden = params.add(page.hiddenItems);
    const rows = await this.dataSource.query<Array<{ key: string; feature: string; matched: number }>>(
      // Concatenated, not json_build_object: ST_AsGeoJSON's text would be parsed again by a ::json cast.
      `SELECT r.key,
              '{"type":"Feature","id":' || to_json(r.key)::text
                || ',"geometry":' || ST_AsGeoJSON(${outputGeometry(crs)}, ${crs.decimals}, 0)
                || ',"properties":' || (r.record - ${hidden}::text[])::text || '}' AS feature,
              count(*) OVER ()::int AS matched
         FROM registry_records r
        WHERE ${where}
        ORDER BY r.key
        LIMIT ${params.add(page.limit)} OFFSET ${params.add(page.offset)}`,
      params.values,
    );
    const first = rows[0];
    const matched = first ? first.matched : page.offset === 0 ? 0 : await this.count(selection);
    return { features: rows.map((row) => ({ key: row.key, json: row.feature })), matched };
  }

  async count(selection: FeatureSelection): Promise<number> {
    const params = new SqlParams();
    const rows = await this.dataSource.query<Array<{ matched: number }>>(
      `SELECT count(*)::int AS matched FROM registry_records r WHERE ${whereOf(selection, params)}`,
      params.values,
    );
    return rows[0]?.matched ?? 0;
  }

  /** Features within `radius` metres of a point (lon, lat in CGCS2000), nearest first, with their distance. */
  async nearest(
    selection: FeatureSelection,
    point: { lon: number; lat: number },
    radiusMetres: number,
    limit: number,
  ): Promise<FeatureRow[]> {
    const params = new SqlParams();
    const at = `ST_SetSRID(ST_MakePoint(${params.add(point.lon)}::float8, ${params.add(point.lat)}::float8), ${STORAGE_SRID})`;
    const radius = params.add(radiusMetres);
    // A box of the radius in degrees first (on the GiST index), then the exact distance on the ellipsoid.
    const degrees = `(${radius}::float8 / 111000.0 / greatest(cos(radians(${params.add(point.lat)}::float8)), 0.01))`;
    const where = [whereOf(selection, params), `r.geom && ST_Expand(${at}, ${degrees})`].join(' AND ');
    const rows = await this.dataSource.query<RowOut[]>(
      `SELECT * FROM (
         SELECT r.key, r.record, r.updated_at, ST_AsGeoJSON(r.geom, 9, 0) AS geometry,
                ST_Distance(r.geom::geography, ${at}::geography) AS distance
           FROM registry_records r
          WHERE ${where}) AS near
        WHERE near.distance <= ${radius}::float8
        ORDER BY near.distance, near.key
        LIMIT ${params.add(limit)}`,
      params.values,
    );
    return rows.map(toFeatureRow);
  }

  /** Features whose name items contain the text (the kit's bigram index), shortest name first. */
  async byName(selection: FeatureSelection, grams: readonly string[], like: string, limit: number): Promise<FeatureRow[]> {
    const params = new SqlParams();
    const where = [
      whereOf(selection, params),
      ...(grams.length > 0 ? [`r.search_grams @> ${params.add(grams)}::text[]`] : []),
      `r.search_names LIKE ${params.add(like)}`,
    ].join(' AND ');
    const rows = await this.dataSource.query<RowOut[]>(
      `SELECT r.key, r.record, r.updated_at, ST_AsGeoJSON(r.geom, 9, 0) AS geometry
         FROM registry_records r
        WHERE ${where}
        ORDER BY length(r.search_names), r.key
        LIMIT ${params.add(limit)}`,
      params.values,
    );
    return rows.map(toFeatureRow);
  }

  /** Why the first invalid one of these GeoJSON geometries is invalid (PostGIS's reason), if any is. */
  async invalidGeometryReason(geometries: readonly string[]): Promise<string | undefined> {
    if (geometries.length === 0) return undefined;
    const rows = await this.dataSource.query<Array<{ reason: string }>>(
      `SELECT ST_IsValidReason(ST_GeomFromGeoJSON(g)) AS reason
         FROM unnest($1::text[]) AS g WHERE NOT ST_IsValid(ST_GeomFromGeoJSON(g)) LIMIT 1`,
      [geometries],
    );
    return rows[0]?.reason;
  }

  /** The bounding box (CRS84) and date range of the features a selection — a caller's scope — covers. */
  async extent(selection: FeatureSelection, temporalItem: string): Promise<Extent> {
    const params = new SqlParams();
    const where = whereOf(selection, params);
    const rows = await this.dataSource.query<
      Array<{
        xmin: number | null;
        ymin: number | null;
        xmax: number | null;
        ymax: number | null;
        first: string | null;
        last: string | null;
      }>
    >(
      `SELECT ST_XMin(e.box) AS xmin, ST_YMin(e.box) AS ymin, ST_XMax(e.box) AS xmax, ST_YMax(e.box) AS ymax, e.first, e.last
         FROM (SELECT ST_Extent(r.geom) AS box, min(r.record ->> ${params.add(temporalItem)}) AS first,
                      max(r.record ->> ${params.add(temporalItem)}) AS last
                 FROM registry_records r WHERE ${where}) AS e`,
      params.values,
    );
    const row = rows[0];
    const bbox: Extent['bbox'] =
      row && row.xmin !== null && row.ymin !== null && row.xmax !== null && row.ymax !== null
        ? [row.xmin, row.ymin, row.xmax, row.ymax]
        : null;
    return { bbox, interval: [row?.first ?? null, row?.last ?? null] };
  }
}

function whereOf(selection: FeatureSelection, params: SqlParams): string {
  const where = [
    `r.registry = ${params.add(selection.registry)}`,
    'r.geom IS NOT NULL',
    `r.status <> ${params.add(selection.retiredStatus)}`,
    ...selection.conditions(params),
  ];
  if (selection.scope !== undefined) where.push(scopeCondition(selection, selection.scope, params));
  return where.join(' AND ');
}

/**
 * The row scope on the map: a feature is visible when it lies in one of the scope's division
 * polygons — covered by it (a point on the boundary counts), or sharing interior with it (a parcel
 * across the boundary is visible to both sides). No polygon for a scope division means nothing is
 * visible: the scope fails closed.
 */
function scopeCondition(selection: FeatureSelection, scope: readonly string[], params: SqlParams): string {
  return `EXISTS (
    SELECT 1 FROM registry_records d
     WHERE d.registry = ${params.add(selection.scopeRegistry)} AND d.key = ANY(${params.add(scope)}::text[])
       AND d.status <> ${params.add(selection.retiredStatus)} AND d.geom && r.geom
       AND (ST_Covers(d.geom, r.geom) OR ST_Relate(r.geom, d.geom, 'T********')))`;
}

/** An envelope in the storage CRS from a bbox in `crs` (in that CRS's axis order). */
export function envelopeOf(values: readonly number[], crs: SupportedCrs, params: SqlParams): string {
  const [a = 0, b = 0, c = 0, d = 0] = values;
  const [minX, minY, maxX, maxY] = crs.latitudeFirst ? [b, a, d, c] : [a, b, c, d];
  const corners = [minX, minY, maxX, maxY].map((n) => `${params.add(n)}::float8`).join(', ');
  if (crs === WEB_MERCATOR) return `ST_Transform(ST_MakeEnvelope(${corners}, ${WEB_MERCATOR.srid}), ${STORAGE_SRID})`;
  return `ST_MakeEnvelope(${corners}, ${STORAGE_SRID})`;
}

function outputGeometry(crs: SupportedCrs): string {
  if (crs === CGCS2000) return 'ST_FlipCoordinates(r.geom)';
  if (crs === CRS84) return 'r.geom';
  return `ST_Transform(r.geom, ${crs.srid})`;
}

function toFeatureRow(row: RowOut): FeatureRow {
  return {
    key: row.key,
    record: row.record,
    updatedAt: row.updated_at,
    geometry: row.geometry,
    ...(row.distance !== undefined ? { distance: row.distance } : {}),
  };
}
