import { projectRecord } from '@hutong/catalog';
import type { Allowed } from './feature-access';
import type { FeatureRow } from './feature.repository';

export interface Link {
  readonly href: string;
  readonly rel: string;
  readonly type?: string;
  readonly title?: string;
}

export interface Feature {
  readonly type: 'Feature';
  readonly id: string;
  readonly geometry: unknown;
  readonly properties: Record<string, unknown>;
  readonly links?: Link[];
}

/** A stored feature as GeoJSON: the projected properties (granted items, masks applied) without the geometry item. */
export function featureOf(
  row: FeatureRow,
  decision: Allowed,
  geometryItem: string,
  extra: Record<string, unknown> = {},
): Feature {
  const properties = projectRecord(row.record, decision);
  delete properties[geometryItem];
  return {
    type: 'Feature',
    id: row.key,
    geometry: JSON.parse(row.geometry) as unknown,
    properties: { ...properties, ...extra },
  };
}
