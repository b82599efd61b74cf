import type { RegistryDefinition } from '@hutong/registries';
import { SPATIAL_ADDRESSES } from './addresses.definition';
import { SPATIAL_DIVISIONS } from './divisions.definition';
import { SPATIAL_PARCELS } from './parcels.definition';
import { SPATIAL_SERVICE_POINTS } from './service-points.definition';

/** A spatial registry as an OGC API – Features collection. */
export interface SpatialCollection {
  /** The collection id in `/ogc/collections/{id}` and `/registries/spatial/{id}`. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly definition: RegistryDefinition;
  /** The date item that `datetime` filters on (each feature is an instant: when it came into being). */
  readonly temporalItem: string;
}

export const SPATIAL_COLLECTIONS: readonly SpatialCollection[] = [
  {
    id: 'divisions',
    title: '行政区划边界 (administrative divisions)',
    description: 'GB/T 2260 division boundaries (province, prefecture, county), CGCS2000.',
    definition: SPATIAL_DIVISIONS,
    temporalItem: 'effective_date',
  },
  {
    id: 'addresses',
    title: '标准地址 (door-number addresses)',
    description: 'Door-number address points with their division, street and building, CGCS2000.',
    definition: SPATIAL_ADDRESSES,
    temporalItem: 'assigned_date',
  },
  {
    id: 'parcels',
    title: '宗地 (land parcels)',
    description: 'Cadastral land parcels with parcel code, land-use class (GB/T 21010) and area, CGCS2000.',
    definition: SPATIAL_PARCELS,
    temporalItem: 'registered_date',
  },
  {
    id: 'service-points',
    title: '政务服务网点 (government service points)',
    description: 'Service halls, community stations, police stations and other service points with opening hours, CGCS2000.',
    definition: SPATIAL_SERVICE_POINTS,
    temporalItem: 'opened_date',
  },
];

export const SPATIAL_DEFINITIONS: readonly RegistryDefinition[] = SPATIAL_COLLECTIONS.map((collection) => collection.definition);

export function collectionById(id: string): SpatialCollection | undefined {
  return SPATIAL_COLLECTIONS.find((collection) => collection.id === id);
}
