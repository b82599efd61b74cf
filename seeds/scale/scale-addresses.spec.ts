import { describe, expect, it } from 'vitest';
import { SPATIAL_ADDRESSES } from '@hutong/spatial';
import { DEMO_ADDRESS_PLACES, demoDistrictFeatures, pointInRing, type LonLat } from '../demo/demo-places';
import { importViolations } from '../testing/import-check';
import { MAX_ADDRESSES, ScaleAddresses } from './scale-addresses';
import { scaleDistrict } from './scale-districts';

const SAMPLE = 4_000;
const indicesOf = (count: number, sample = SAMPLE) => Array.from({ length: sample }, (_, k) => Math.floor((k * count) / sample));
const polygons = new Map(demoDistrictFeatures().map((feature) => [feature.id, feature.geometry.coordinates[0] as LonLat[]]));

describe('ScaleAddresses', () => {
  const addresses = new ScaleAddresses(5_000_000, 1);
  const features = indicesOf(addresses.count).map((index) => addresses.feature(index));

  it('puts every point inside the polygon of its district (the demo’s division boundaries)', () => {
    for (const feature of features) {
      const ring = polygons.get(String(feature.properties.division_code));
      expect(ring, String(feature.properties.division_code)).toBeDefined();
      expect(pointInRing(feature.geometry.coordinates, ring ?? []), feature.id).toBe(true);
    }
  });

  it('makes valid spatial-addresses import rows', () => {
    for (const feature of features) expect(importViolations(SPATIAL_ADDRESSES, feature), feature.id).toEqual([]);
  });

  it('gives every row its own id, by a bijection of the index', () => {
    const boundaries = [0, 1, 999, 1000, 4_999_999];
    const ids = boundaries.map((index) => addresses.feature(index).id);
    expect(new Set(ids.map((id) => id.slice(6))).size).toBe(ids.length);
    const small = new ScaleAddresses(100_000, 3);
    const all = new Set<string>();
    for (let index = 0; index < small.count; index += 1) all.add(small.feature(index).id.slice(6));
    expect(all.size).toBe(small.count);
    expect(features.every((feature) => /^\d{15}$/.test(feature.id))).toBe(true);
    expect(() => new ScaleAddresses(MAX_ADDRESSES + 1, 1)).toThrow(RangeError);
  });

  it('is deterministic: the same seed gives the same features, another seed others', () => {
    const again = new ScaleAddresses(5_000_000, 1);
    expect(indicesOf(addresses.count, 100).map((index) => again.feature(index))).toEqual(features.filter((_, k) => k % 40 === 0));
    expect(new ScaleAddresses(5_000_000, 2).feature(0)).not.toEqual(features[0]);
  });

  it('spreads addresses over the demo districts by population', () => {
    const total = DEMO_ADDRESS_PLACES.reduce((sum, place) => sum + scaleDistrict(place.code).population, 0);
    for (const place of DEMO_ADDRESS_PLACES) {
      const share = features.filter((feature) => feature.properties.division_code === place.code).length / features.length;
      expect(Math.abs(share - scaleDistrict(place.code).population / total), place.name).toBeLessThan(0.025);
    }
  });
});
