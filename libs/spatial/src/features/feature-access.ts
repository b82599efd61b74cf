import { Injectable } from '@nestjs/common';
import type { Entitlement } from '@hutong/catalog';
import type { Caller } from '@hutong/identity';
import { notFound } from '@hutong/platform';
import { notEntitled, questionFor, RegistryDirectory, RegistryReader, type InstalledRegistry } from '@hutong/registries';
import { SPATIAL_DIVISIONS } from '../collections/divisions.definition';
import { collectionById, type SpatialCollection } from '../collections/spatial-collections';
import { queryablesOf, type Queryable } from '../ogc/queryables';
import type { FeatureSelection, SqlParams } from './feature.repository';

export type Allowed = Extract<Entitlement, { allowed: true }>;

/** A caller's access to one collection: what the entitlement check allowed, and what it may filter on. */
export interface CollectionAccess {
  readonly collection: SpatialCollection;
  readonly installed: InstalledRegistry;
  readonly decision: Allowed;
  /** Every queryable of the collection (to tell an unknown parameter from an ungranted one). */
  readonly queryables: readonly Queryable[];
}

/**
 * The entitlement check in front of every spatial read: the collection must be installed, the
 * caller must be allowed to read it — geometry included, since a feature without its geometry is
 * no feature — and every property it filters on must be one it may read (otherwise which features
 * come back would tell the values). The row scope becomes the spatial join of `FeatureSelection`.
 */
@Injectable()
export class FeatureAccess {
  constructor(
    private readonly directory: RegistryDirectory,
    private readonly reader: RegistryReader,
  ) {}

  async open(caller: Caller, collectionId: string): Promise<CollectionAccess> {
    const collection = collectionById(collectionId);
    if (!collection) throw notFound(`There is no collection ${collectionId}.`);
    const installed = await this.directory.resolve(collection.definition.code);
    const decision = await this.reader.allowed(questionFor(caller, installed, undefined), installed);
    const geometry = collection.definition.geometryItem ?? '';
    if (!decision.items.includes(geometry)) {
      throw notEntitled({
        reason: 'item_not_granted',
        detail: `Reading ${collectionId} as features needs its geometry item ${geometry}; request access to it.`,
        items: [geometry],
      });
    }
    return { collection, installed, decision, queryables: queryablesOf(collection.definition) };
  }

  /**
   * Refuses filters on items the caller may not read — or may read only masked: which features come
   * back for `building_id LIKE 'B0001%'` would spell out the value the mask hides.
   */
  assertReadable(access: CollectionAccess, properties: Iterable<string>): void {
    const hidden = [...new Set(properties)].filter((code) => !filterable(access, code));
    if (hidden.length > 0) {
      throw notEntitled({
        reason: 'item_not_granted',
        detail: `Cannot filter on items not granted (or granted masked only): ${hidden.join(', ')}.`,
        items: hidden,
      });
    }
  }

  selection(access: CollectionAccess, conditions: (params: SqlParams) => readonly string[]): FeatureSelection {
    const scope = access.decision.rowScope?.divisions;
    return {
      registry: access.installed.definition.code,
      retiredStatus: access.installed.definition.status.cancelled,
      scopeRegistry: SPATIAL_DIVISIONS.code,
      conditions,
      ...(scope !== undefined ? { scope: scope.map(divisionOfPrefix) } : {}),
    };
  }

  recordRead(caller: Caller, access: CollectionAccess, keys: readonly string[]): void {
    this.reader.recordRead(caller, access.installed, access.decision, keys);
  }
}

/** A scope prefix (`44`, `4401`, `440106`) as the division whose polygon it means (`440000`, `440100`, `440106`). */
export function divisionOfPrefix(prefix: string): string {
  return prefix.length === 2 || prefix.length === 4 ? prefix.padEnd(6, '0') : prefix;
}

/** May the caller filter on this item: granted, and not masked. */
export function filterable(access: CollectionAccess, code: string): boolean {
  return access.decision.items.includes(code) && access.decision.masks[code] === undefined;
}
