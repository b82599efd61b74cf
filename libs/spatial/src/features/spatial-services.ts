import { Injectable } from '@nestjs/common';
import type { Caller } from '@hutong/identity';
import { containsPattern, normalizeSearchText, searchBigrams, validationProblem } from '@hutong/platform';
import { SPATIAL_ADDRESSES } from '../collections/addresses.definition';
import { collectionById } from '../collections/spatial-collections';
import { CRS84, STORAGE_SRID } from '../ogc/crs';
import { FeatureAccess, type CollectionAccess } from './feature-access';
import { FeatureRepository } from './feature.repository';
import { featureOf, type Feature } from './feature-views';

export interface Point {
  readonly lon: number;
  readonly lat: number;
}

/**
 * The spatial look-ups agencies make every day — which divisions contain this point, what is
 * near it, where is this address — each through the same entitlement check and row scope as the
 * OGC reads.
 */
@Injectable()
export class SpatialServices {
  constructor(
    private readonly access: FeatureAccess,
    private readonly features: FeatureRepository,
  ) {}

  /** Every division (province, prefecture, county) whose polygon covers the point, widest first. */
  async locate(caller: Caller, point: Point): Promise<{ divisions: Record<string, unknown>[] }> {
    const access = await this.access.open(caller, 'divisions');
    const selection = this.access.selection(access, (params) => [
      `ST_Covers(r.geom, ST_SetSRID(ST_MakePoint(${params.add(point.lon)}::float8, ${params.add(point.lat)}::float8), ${STORAGE_SRID}))`,
    ]);
    const rows = await this.features.page(selection, CRS84, 10, 0);
    this.access.recordRead(
      caller,
      access,
      rows.map((row) => row.key),
    );
    return { divisions: rows.map((row) => featureOf(row, access.decision, geometryOf(access)).properties) };
  }

  /** Point features of a collection within the radius, nearest first, each with `distance_m`. */
  async nearest(caller: Caller, collectionId: string, point: Point, radius: number, limit: number): Promise<Feature[]> {
    const collection = collectionById(collectionId);
    const geometry = collection?.definition.items.find((item) => item.code === collection.definition.geometryItem);
    if (!collection || !geometry?.geometryTypes?.every((type) => type === 'Point')) {
      throw validationProblem([
        { field: 'collectionId', rule: 'point_collection', message: 'nearest works on addresses and service-points' },
      ]);
    }
    const access = await this.access.open(caller, collectionId);
    const rows = await this.features.nearest(
      this.access.selection(access, () => []),
      point,
      radius,
      limit,
    );
    this.access.recordRead(
      caller,
      access,
      rows.map((row) => row.key),
    );
    return rows.map((row) =>
      featureOf(row, access.decision, geometryOf(access), { distance_m: Math.round((row.distance ?? 0) * 10) / 10 }),
    );
  }

  /** Address → point: addresses whose standard address contains the text, shortest (closest) first. */
  async geocode(caller: Caller, address: string, limit: number): Promise<Feature[]> {
    if ([...normalizeSearchText(address)].length < 2) {
      throw validationProblem([{ field: 'address', rule: 'min_length', message: 'give at least two characters of the address' }]);
    }
    const access = await this.access.open(caller, 'addresses');
    this.access.assertReadable(access, SPATIAL_ADDRESSES.nameItems);
    const rows = await this.features.byName(
      this.access.selection(access, () => []),
      searchBigrams(address),
      containsPattern(address),
      limit,
    );
    this.access.recordRead(
      caller,
      access,
      rows.map((row) => row.key),
    );
    return rows.map((row) => featureOf(row, access.decision, geometryOf(access)));
  }
}

function geometryOf(access: CollectionAccess): string {
  return access.collection.definition.geometryItem ?? '';
}
