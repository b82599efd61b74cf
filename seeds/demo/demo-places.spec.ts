import { describe, expect, it } from 'vitest';
import { divisionLevel, lookupDivision } from '@hutong/gb-codes';
import { SPATIAL_ADDRESSES, SPATIAL_DIVISIONS } from '@hutong/spatial';
import { importViolations } from '../testing/import-check';
import { DEMO_DISTRICTS } from './demo-people';
import {
  DEMO_ADDRESSES,
  DEMO_PLACES,
  closedRing,
  demoAddressFeatures,
  demoDistrictFeatures,
  pointInRing,
  signedArea2,
  type LonLat,
} from './demo-places';

type Segment = readonly [LonLat, LonLat];

const same = (a: LonLat, b: LonLat) => a[0] === b[0] && a[1] === b[1];
const cross = (o: LonLat, a: LonLat, b: LonLat) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Segments that cross at a point interior to both (a proper crossing: what makes a ring self-intersect). */
function crossProperly([a, b]: Segment, [c, d]: Segment): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** Whether `p` lies on segment [a, b] (collinear and between), excluding the endpoints. */
function onSegmentInterior(p: LonLat, [a, b]: Segment): boolean {
  if (same(p, a) || same(p, b) || Math.abs(cross(a, b, p)) > 1e-12) return false;
  return (
    Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1])
  );
}

function segmentsOf(ring: readonly LonLat[]): Segment[] {
  return ring.slice(0, -1).map((point, index) => [point, ring[index + 1] as LonLat] as const);
}

/** A simple ring: no two edges cross or touch, except neighbours at their shared vertex. */
function selfIntersections(ring: readonly LonLat[]): string[] {
  const edges = segmentsOf(ring);
  const problems: string[] = [];
  for (let i = 0; i < edges.length; i += 1) {
    for (let j = i + 1; j < edges.length; j += 1) {
      const neighbours = j === i + 1 || (i === 0 && j === edges.length - 1);
      const [a, b] = edges[i] as Segment;
      const [c, d] = edges[j] as Segment;
      const touching = !neighbours && (same(a, c) || same(a, d) || same(b, c) || same(b, d));
      const collinearOverlap =
        [a, b].some((p) => onSegmentInterior(p, [c, d])) || [c, d].some((p) => onSegmentInterior(p, [a, b]));
      if (crossProperly([a, b], [c, d]) || touching || collinearOverlap) problems.push(`edges ${i} and ${j}`);
    }
  }
  return problems;
}

const ringOf = (code: string): LonLat[] => {
  const feature = demoDistrictFeatures().find((candidate) => candidate.id === code);
  if (!feature) throw new Error(`no feature ${code}`);
  return feature.geometry.coordinates[0] as LonLat[];
};

describe('demo places: division boundaries', () => {
  const features = demoDistrictFeatures();

  it('covers every demo district and the three parent cities, under their GB/T 2260 names and levels', () => {
    expect(features.map((feature) => feature.id)).toEqual(['440100', '510100', '410100', ...DEMO_DISTRICTS]);
    for (const feature of features) {
      const division = lookupDivision(feature.id);
      expect(division?.current, feature.id).toBe(true);
      expect(feature.properties).toMatchObject({
        name: division?.name,
        level: divisionLevel(feature.id),
        parent_code: division?.parentCode,
      });
    }
  });

  it('passes the spatial-divisions import checks row by row', () => {
    for (const feature of features) expect(importViolations(SPATIAL_DIVISIONS, feature), feature.id).toEqual([]);
  });

  it('has closed, counter-clockwise rings of 8–16 distinct vertices with no self-intersection', () => {
    for (const feature of features) {
      const ring = feature.geometry.coordinates[0] as LonLat[];
      expect(feature.geometry.coordinates, feature.id).toHaveLength(1);
      expect(same(ring[0] as LonLat, ring.at(-1) as LonLat), feature.id).toBe(true);
      const vertices = ring.slice(0, -1);
      expect(vertices.length, feature.id).toBeGreaterThanOrEqual(8);
      expect(vertices.length, feature.id).toBeLessThanOrEqual(16);
      expect(new Set(vertices.map((p) => p.join())).size, feature.id).toBe(vertices.length);
      expect(signedArea2(vertices), feature.id).toBeGreaterThan(0);
      expect(selfIntersections(ring), feature.id).toEqual([]);
    }
  });

  it('finds a ring drawn as a figure eight self-intersecting (the check itself works)', () => {
    const bowtie: LonLat[] = [
      [113, 23],
      [113.1, 23.1],
      [113.1, 23],
      [113, 23.1],
      [113, 23],
    ];
    expect(selfIntersections(bowtie)).not.toEqual([]);
  });

  it('puts every district inside its parent city, and districts side by side without overlapping', () => {
    const districts = DEMO_PLACES.filter((place) => place.level === 'county');
    for (const district of districts) {
      const parent = ringOf(district.parentCode);
      for (const vertex of district.ring)
        expect(pointInRing(vertex, parent), `${district.code} in ${district.parentCode}`).toBe(true);
    }
    for (const a of DEMO_PLACES.filter(
      (place) => place.code !== '440100' && place.code !== '510100' && place.code !== '410100',
    )) {
      for (const b of DEMO_PLACES.filter(
        (place) => place.code > a.code && !['440100', '510100', '410100'].includes(place.code),
      )) {
        const ringA = closedRing(a);
        const ringB = closedRing(b);
        for (const edgeA of segmentsOf(ringA)) {
          for (const edgeB of segmentsOf(ringB)) expect(crossProperly(edgeA, edgeB), `${a.code} × ${b.code}`).toBe(false);
        }
        for (const vertex of a.ring)
          expect(pointInRing(vertex, b.ring) && !b.ring.some((v) => same(v, vertex)), `${a.code} in ${b.code}`).toBe(false);
        for (const vertex of b.ring)
          expect(pointInRing(vertex, a.ring) && !a.ring.some((v) => same(v, vertex)), `${b.code} in ${a.code}`).toBe(false);
      }
    }
  });

  it('puts landmarks in the right districts, and one of a district left out in none', () => {
    const landmarks: Array<[string, LonLat, string[]]> = [
      ['广州塔', [113.3245, 23.1064], ['440105']],
      ['天河城', [113.3301, 23.1334], ['440106']],
      ['北京路', [113.2705, 23.1253], ['440104']],
      ['陈家祠', [113.2456, 23.1262], ['440103']],
      ['白云山', [113.3, 23.18], ['440111']],
      ['武侯祠', [104.048, 30.646], ['510107']],
      ['春熙路', [104.081, 30.657], ['510104']],
      ['中山市政府', [113.3926, 22.5176], ['442000']],
      ['碧沙岗公园', [113.6404, 34.7568], ['410102']],
      ['河南省人民政府', [113.753, 34.768], ['410105']],
      ['二七广场 (二七区)', [113.6654, 34.7535], []],
    ];
    const smallest = DEMO_PLACES.filter((place) => place.streets.length > 0);
    for (const [name, point, codes] of landmarks) {
      expect(
        smallest.filter((place) => pointInRing(point, place.ring)).map((place) => place.code),
        name,
      ).toEqual(codes);
    }
  });

  it('is fixed data', () => {
    expect(JSON.stringify(demoDistrictFeatures())).toBe(JSON.stringify(features));
  });
});

describe('demo places: address points', () => {
  const addresses = demoAddressFeatures();

  it('makes the demo count by default, with unique ids, deterministically', () => {
    expect(addresses).toHaveLength(DEMO_ADDRESSES);
    expect(new Set(addresses.map((feature) => feature.id)).size).toBe(DEMO_ADDRESSES);
    expect(JSON.stringify(demoAddressFeatures())).toBe(JSON.stringify(addresses));
    expect(demoAddressFeatures(20)).toEqual(addresses.slice(0, 20));
  });

  it('puts every address inside the polygon of its district, which is in its full address', () => {
    for (const feature of addresses) {
      const code = String(feature.properties.division_code);
      const place = DEMO_PLACES.find((candidate) => candidate.code === code);
      expect(place, code).toBeDefined();
      expect(pointInRing(feature.geometry.coordinates, ringOf(code)), feature.id).toBe(true);
      expect(String(feature.properties.full_address)).toContain(`${place?.name}${String(feature.properties.street)}`);
      expect(String(feature.properties.full_address)).toMatch(/\d+号$/);
    }
    expect(new Set(addresses.map((feature) => feature.properties.division_code))).toEqual(new Set(DEMO_DISTRICTS));
  });

  it('passes the spatial-addresses import checks row by row', () => {
    for (const feature of addresses) expect(importViolations(SPATIAL_ADDRESSES, feature), feature.id).toEqual([]);
  });
});
