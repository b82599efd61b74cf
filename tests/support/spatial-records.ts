/**
 * Synthetic but valid spatial data for tests and benchmarks (no vitest imports): Guangdong, the
 * Guangzhou prefecture and three of its districts as rectangles laid side by side — real GB/T 2260
 * codes, made-up boundaries — and deterministic address points inside them.
 */

type Ring = Array<[number, number]>;

export interface DistrictBox {
  readonly code: string;
  readonly name: string;
  readonly west: number;
  readonly east: number;
}

export const GUANGZHOU_BOX = { west: 113.0, east: 113.6, south: 22.9, north: 23.4 } as const;

/** 荔湾, 越秀, 天河: 0.2° wide each, the full height of the Guangzhou box. */
export const DISTRICT_BOXES: readonly DistrictBox[] = [
  { code: '440103', name: '荔湾区', west: 113.0, east: 113.2 },
  { code: '440104', name: '越秀区', west: 113.2, east: 113.4 },
  { code: '440106', name: '天河区', west: 113.4, east: 113.6 },
];

export function rectangle(west: number, south: number, east: number, north: number): { type: 'Polygon'; coordinates: Ring[] } {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

export function divisionFeatures(): Array<Record<string, unknown>> {
  const { south, north } = GUANGZHOU_BOX;
  return [
    feature('440000', rectangle(109.6, 20.1, 117.3, 25.5), { name: '广东省', level: 'province', effective_date: '1980-01-01' }),
    feature('440100', rectangle(GUANGZHOU_BOX.west, south, GUANGZHOU_BOX.east, north), {
      name: '广州市',
      level: 'prefecture',
      parent_code: '440000',
      effective_date: '1980-01-01',
    }),
    ...DISTRICT_BOXES.map((district, index) =>
      feature(district.code, rectangle(district.west, south, district.east, north), {
        name: district.name,
        level: 'county',
        parent_code: '440100',
        effective_date: `200${index}-06-01`,
      }),
    ),
  ];
}

/** The n-th address: districts in turn, spread over a grid inside each district's box. */
export function addressFeature(index: number): Record<string, unknown> {
  const district = DISTRICT_BOXES[index % DISTRICT_BOXES.length] ?? DISTRICT_BOXES[0];
  if (!district) throw new Error('no districts');
  const slot = Math.floor(index / DISTRICT_BOXES.length);
  const lon = district.west + 0.001 + ((slot * 7919) % 1000) * 0.000198;
  const lat = GUANGZHOU_BOX.south + 0.001 + ((slot * 104729) % 1000) * 0.000498;
  return feature(
    addressIdOf(index),
    { type: 'Point', coordinates: [round(lon), round(lat)] },
    {
      full_address: `广东省广州市${district.name}示范路${slot + 1}号`,
      division_code: district.code,
      street: '示范路',
      house_number: `${slot + 1}号`,
      building_id: `B${String(index).padStart(10, '0')}`,
      assigned_date: `20${String(10 + (index % 15)).padStart(2, '0')}-0${1 + (index % 9)}-15`,
    },
  );
}

export function addressIdOf(index: number): string {
  return `GZA${String(index).padStart(9, '0')}`;
}

export function feature(id: string, geometry: unknown, properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'Feature', id, geometry, properties };
}

function round(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}
