import { DEMO_DISTRICTS } from './demo-people';

/**
 * The demo city's places for the spatial registry: boundary polygons of the districts the demo
 * people live in (and of their three parent cities), and door-number address points inside them, as
 * GeoJSON Features in the form the `spatial-divisions` and `spatial-addresses` imports take
 * (`POST /registries/spatial/{divisions,addresses}/imports`, one Feature per line as NDJSON or a
 * FeatureCollection as `application/geo+json`; the demo seeder sends the former).
 *
 * The boundaries are simplified by hand from the real ones: 8–16 vertices around each district's
 * real centre and extent, longitude/latitude in CGCS2000 (EPSG:4490; within a metre of WGS 84).
 * Neighbouring districts share their common vertices exactly, so they touch without overlapping, and
 * a handful of landmarks fall where they should (广州塔 in 海珠, 天河城 in 天河, 陈家祠 in 荔湾,
 * 武侯祠 in 武侯, 春熙路 in 锦江). Fixed data: no randomness anywhere in this file.
 */

export type LonLat = readonly [number, number];

export interface DemoPlace {
  /** GB/T 2260 code. */
  readonly code: string;
  readonly name: string;
  readonly level: 'prefecture' | 'county';
  readonly parentCode: string;
  /** What goes before the name in a full address (province, and city for a district). */
  readonly addressPrefix: string;
  /** Outer ring, open (the first vertex is not repeated), in any orientation. */
  readonly ring: readonly LonLat[];
  /** Real roads of the district, for addresses (empty for the cities). */
  readonly streets: readonly string[];
}

export interface GeoJsonPolygon {
  readonly type: 'Polygon';
  readonly coordinates: Array<Array<[number, number]>>;
}

export interface GeoJsonPoint {
  readonly type: 'Point';
  readonly coordinates: [number, number];
}

export interface GeoJsonFeature<G> {
  readonly type: 'Feature';
  readonly id: string;
  readonly geometry: G;
  readonly properties: Record<string, unknown>;
}

/** How many address points `hutong seed demo` loads. */
export const DEMO_ADDRESSES = 500;

const GUANGZHOU = '广东省广州市';
const CHENGDU = '四川省成都市';
const ZHENGZHOU = '河南省郑州市';

/** The three parent cities (地级市), each containing its districts' polygons. */
const CITIES: readonly DemoPlace[] = [
  {
    code: '440100',
    name: '广州市',
    level: 'prefecture',
    parentCode: '440000',
    addressPrefix: '广东省',
    ring: [
      [113.55, 22.56],
      [113.68, 22.72],
      [113.72, 22.98],
      [113.98, 23.1],
      [114.05, 23.35],
      [113.98, 23.62],
      [113.85, 23.93],
      [113.55, 23.88],
      [113.35, 23.62],
      [113.05, 23.55],
      [112.95, 23.38],
      [113.15, 23.2],
      [113.15, 23.05],
      [113.32, 22.85],
    ],
    streets: [],
  },
  {
    code: '510100',
    name: '成都市',
    level: 'prefecture',
    parentCode: '510000',
    addressPrefix: '四川省',
    ring: [
      [103.45, 30.1],
      [103.9, 30.12],
      [104.3, 30.2],
      [104.7, 30.25],
      [104.9, 30.45],
      [104.7, 30.75],
      [104.4, 30.95],
      [104.2, 31.25],
      [103.8, 31.42],
      [103.4, 31.25],
      [103.0, 30.95],
      [102.95, 30.5],
    ],
    streets: [],
  },
  {
    code: '410100',
    name: '郑州市',
    level: 'prefecture',
    parentCode: '410000',
    addressPrefix: '河南省',
    ring: [
      [112.9, 34.3],
      [113.4, 34.26],
      [113.85, 34.3],
      [114.2, 34.45],
      [114.23, 34.7],
      [114.05, 34.9],
      [113.75, 34.97],
      [113.4, 34.93],
      [113.1, 34.85],
      [112.75, 34.75],
      [112.72, 34.55],
      [112.8, 34.4],
    ],
    streets: [],
  },
];

/** The districts of DEMO_DISTRICTS (中山市 is a prefecture-level city without districts). */
const DISTRICTS: readonly DemoPlace[] = [
  {
    code: '440103',
    name: '荔湾区',
    level: 'county',
    parentCode: '440100',
    addressPrefix: GUANGZHOU,
    ring: [
      [113.258, 23.118],
      [113.25, 23.1],
      [113.245, 23.07],
      [113.23, 23.045],
      [113.205, 23.05],
      [113.19, 23.08],
      [113.18, 23.115],
      [113.195, 23.15],
      [113.22, 23.165],
      [113.262, 23.158],
      [113.255, 23.138],
    ],
    streets: [
      '中山七路',
      '中山八路',
      '康王中路',
      '龙津西路',
      '上九路',
      '多宝路',
      '芳村大道中',
      '花地大道北',
      '黄沙大道',
      '逢源路',
    ],
  },
  {
    code: '440104',
    name: '越秀区',
    level: 'county',
    parentCode: '440100',
    addressPrefix: GUANGZHOU,
    ring: [
      [113.258, 23.118],
      [113.28, 23.115],
      [113.3, 23.113],
      [113.318, 23.118],
      [113.322, 23.14],
      [113.315, 23.16],
      [113.295, 23.168],
      [113.275, 23.166],
      [113.262, 23.158],
      [113.255, 23.138],
    ],
    streets: ['北京路', '中山五路', '解放北路', '东风中路', '环市东路', '农林下路', '越秀南路', '起义路', '惠福东路', '淘金路'],
  },
  {
    code: '440105',
    name: '海珠区',
    level: 'county',
    parentCode: '440100',
    addressPrefix: GUANGZHOU,
    ring: [
      [113.258, 23.118],
      [113.28, 23.112],
      [113.3, 23.11],
      [113.318, 23.114],
      [113.35, 23.108],
      [113.4, 23.105],
      [113.415, 23.09],
      [113.4, 23.065],
      [113.35, 23.055],
      [113.3, 23.05],
      [113.26, 23.048],
      [113.23, 23.045],
      [113.245, 23.07],
      [113.25, 23.1],
    ],
    streets: [
      '江南大道中',
      '新港中路',
      '工业大道中',
      '昌岗中路',
      '宝岗大道',
      '南洲路',
      '滨江东路',
      '广州大道南',
      '琶洲大道',
      '赤岗路',
    ],
  },
  {
    code: '440106',
    name: '天河区',
    level: 'county',
    parentCode: '440100',
    addressPrefix: GUANGZHOU,
    ring: [
      [113.318, 23.118],
      [113.35, 23.114],
      [113.4, 23.112],
      [113.43, 23.112],
      [113.445, 23.14],
      [113.44, 23.18],
      [113.42, 23.215],
      [113.395, 23.24],
      [113.365, 23.245],
      [113.34, 23.215],
      [113.32, 23.185],
      [113.315, 23.16],
      [113.322, 23.14],
    ],
    streets: [
      '天河路',
      '体育西路',
      '天河北路',
      '黄埔大道西',
      '中山大道西',
      '林和西路',
      '华夏路',
      '珠江东路',
      '花城大道',
      '五山路',
    ],
  },
  {
    code: '440111',
    name: '白云区',
    level: 'county',
    parentCode: '440100',
    addressPrefix: GUANGZHOU,
    ring: [
      [113.195, 23.15],
      [113.22, 23.165],
      [113.262, 23.158],
      [113.275, 23.166],
      [113.295, 23.168],
      [113.315, 23.16],
      [113.32, 23.185],
      [113.34, 23.215],
      [113.365, 23.245],
      [113.42, 23.3],
      [113.45, 23.38],
      [113.4, 23.43],
      [113.3, 23.42],
      [113.22, 23.36],
      [113.16, 23.26],
      [113.17, 23.17],
    ],
    streets: [
      '白云大道南',
      '白云大道北',
      '机场路',
      '广园中路',
      '同泰路',
      '云城西路',
      '齐富路',
      '黄石东路',
      '石井大道',
      '三元里大道',
    ],
  },
  {
    code: '442000',
    name: '中山市',
    level: 'prefecture',
    parentCode: '440000',
    addressPrefix: '广东省',
    ring: [
      [113.28, 22.2],
      [113.45, 22.22],
      [113.55, 22.3],
      [113.62, 22.42],
      [113.66, 22.55],
      [113.58, 22.65],
      [113.45, 22.76],
      [113.33, 22.77],
      [113.25, 22.68],
      [113.18, 22.58],
      [113.15, 22.42],
      [113.2, 22.28],
    ],
    streets: ['中山一路', '中山二路', '孙文中路', '孙文东路', '兴中道', '博爱三路', '悦来南路', '岐关西路', '东明北路', '康华路'],
  },
  {
    code: '510104',
    name: '锦江区',
    level: 'county',
    parentCode: '510100',
    addressPrefix: CHENGDU,
    ring: [
      [104.075, 30.585],
      [104.11, 30.56],
      [104.15, 30.565],
      [104.175, 30.595],
      [104.17, 30.635],
      [104.14, 30.665],
      [104.1, 30.672],
      [104.078, 30.665],
      [104.072, 30.645],
      [104.08, 30.615],
    ],
    streets: ['春熙路', '红星路三段', '东大街', '总府路', '华兴正街', '书院西街', '水碾河路', '静康路', '三官堂街', '锦华路'],
  },
  {
    code: '510107',
    name: '武侯区',
    level: 'county',
    parentCode: '510100',
    addressPrefix: CHENGDU,
    ring: [
      [104.0, 30.59],
      [104.04, 30.578],
      [104.075, 30.585],
      [104.08, 30.615],
      [104.072, 30.645],
      [104.06, 30.655],
      [104.03, 30.662],
      [104.0, 30.66],
      [103.975, 30.64],
      [103.97, 30.61],
    ],
    streets: [
      '武侯祠大街',
      '科华北路',
      '人民南路四段',
      '玉林北路',
      '洗面桥街',
      '高升桥路',
      '佳灵路',
      '红牌楼路',
      '双楠路',
      '芳草街',
    ],
  },
  {
    code: '410102',
    name: '中原区',
    level: 'county',
    parentCode: '410100',
    addressPrefix: ZHENGZHOU,
    ring: [
      [113.47, 34.72],
      [113.56, 34.7],
      [113.63, 34.725],
      [113.652, 34.765],
      [113.65, 34.795],
      [113.64, 34.83],
      [113.58, 34.845],
      [113.52, 34.835],
      [113.47, 34.8],
      [113.45, 34.76],
    ],
    streets: ['中原路', '建设西路', '桐柏路', '伏牛路', '华山路', '秦岭路', '棉纺路', '工人路', '颍河路', '汝河路'],
  },
  {
    code: '410105',
    name: '金水区',
    level: 'county',
    parentCode: '410100',
    addressPrefix: ZHENGZHOU,
    ring: [
      [113.652, 34.765],
      [113.7, 34.758],
      [113.76, 34.762],
      [113.8, 34.8],
      [113.79, 34.86],
      [113.74, 34.905],
      [113.68, 34.9],
      [113.645, 34.865],
      [113.64, 34.83],
      [113.65, 34.795],
    ],
    streets: ['花园路', '金水路', '经三路', '纬五路', '农业路', '东风路', '文化路', '丰产路', '国基路', '红专路'],
  },
];

/** Every place: the three parent cities first, then the districts in DEMO_DISTRICTS order. */
export const DEMO_PLACES: readonly DemoPlace[] = [
  ...CITIES,
  ...DEMO_DISTRICTS.map((code) => {
    const place = DISTRICTS.find((candidate) => candidate.code === code);
    if (!place) throw new Error(`no demo polygon for the demo district ${code}`);
    return place;
  }),
];

/** The places addresses lie in: the demo districts (and 中山市), in DEMO_DISTRICTS order. */
export const DEMO_ADDRESS_PLACES: readonly DemoPlace[] = DEMO_PLACES.filter((place) => place.streets.length > 0);

/** Twice the signed area (shoelace): positive for a counter-clockwise ring. */
export function signedArea2(ring: readonly LonLat[]): number {
  let sum = 0;
  for (let index = 0; index < ring.length; index += 1) {
    const [x1, y1] = ring[index] as LonLat;
    const [x2, y2] = ring[(index + 1) % ring.length] as LonLat;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

/** The place's ring closed and counter-clockwise, as RFC 7946 §3.1.6 asks of an exterior ring. */
export function closedRing(place: DemoPlace): Array<[number, number]> {
  const open = signedArea2(place.ring) >= 0 ? [...place.ring] : [...place.ring].reverse();
  const positions = open.map(([lon, lat]): [number, number] => [lon, lat]);
  const first = positions[0];
  return first ? [...positions, [first[0], first[1]]] : positions;
}

/**
 * Whether a point lies strictly inside an (open) ring, by ray casting; points on the boundary may go
 * either way, so callers that need "inside" keep clear of edges (see `insideWithMargin`).
 */
export function pointInRing(point: LonLat, ring: readonly LonLat[]): boolean {
  const [x, y] = point;
  let inside = false;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index, index += 1) {
    const [xi, yi] = ring[index] as LonLat;
    const [xj, yj] = ring[previous] as LonLat;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance in degrees from a point to the nearest edge of a ring. */
export function distanceToRing(point: LonLat, ring: readonly LonLat[]): number {
  let nearest = Infinity;
  for (let index = 0; index < ring.length; index += 1) {
    const a = ring[index] as LonLat;
    const b = ring[(index + 1) % ring.length] as LonLat;
    nearest = Math.min(nearest, distanceToSegment(point, a, b));
  }
  return nearest;
}

/** Inside the ring and at least `margin` degrees (default ≈ 10 m) from its boundary: unambiguous for any engine. */
export function insideWithMargin(point: LonLat, ring: readonly LonLat[], margin = 1e-4): boolean {
  return pointInRing(point, ring) && distanceToRing(point, ring) >= margin;
}

export interface Bounds {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

export function ringBounds(ring: readonly LonLat[]): Bounds {
  const lons = ring.map(([lon]) => lon);
  const lats = ring.map(([, lat]) => lat);
  return { west: Math.min(...lons), south: Math.min(...lats), east: Math.max(...lons), north: Math.max(...lats) };
}

/** Coordinates to 6 decimals (≈ 0.1 m), as surveyed points are published. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** The division boundaries: the parent cities, then the districts (`spatial-divisions` import rows). */
export function demoDistrictFeatures(): Array<GeoJsonFeature<GeoJsonPolygon>> {
  return DEMO_PLACES.map((place) => ({
    type: 'Feature',
    id: place.code,
    geometry: { type: 'Polygon', coordinates: [closedRing(place)] },
    properties: { name: place.name, level: place.level, parent_code: place.parentCode },
  }));
}

/**
 * `count` door-number addresses (`spatial-addresses` import rows): the districts in turn, each
 * address at the next point of a Halton sequence over the district's bounding box that falls inside
 * its polygon (clear of its boundary), so points spread evenly and deterministically.
 */
export function demoAddressFeatures(count = DEMO_ADDRESSES): Array<GeoJsonFeature<GeoJsonPoint>> {
  const cursors = DEMO_ADDRESS_PLACES.map(() => 0);
  const features: Array<GeoJsonFeature<GeoJsonPoint>> = [];
  for (let index = 0; index < count; index += 1) {
    const slot = index % DEMO_ADDRESS_PLACES.length;
    const place = DEMO_ADDRESS_PLACES[slot] as DemoPlace;
    const bounds = ringBounds(place.ring);
    let point: [number, number];
    do {
      cursors[slot] = (cursors[slot] ?? 0) + 1;
      const step = cursors[slot] ?? 0;
      point = [
        roundCoordinate(bounds.west + halton(step, 2) * (bounds.east - bounds.west)),
        roundCoordinate(bounds.south + halton(step, 3) * (bounds.north - bounds.south)),
      ];
    } while (!insideWithMargin(point, place.ring));
    const nth = Math.floor(index / DEMO_ADDRESS_PLACES.length);
    const street = place.streets[(nth * 7 + slot) % place.streets.length] as string;
    const houseNumber = `${1 + ((nth * 37 + slot * 11) % 300)}号`;
    const assignedDate = `${2000 + ((index * 7) % 24)}-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + ((index * 13) % 28)).padStart(2, '0')}`;
    features.push(
      addressFeature({ id: `D${place.code}${String(index).padStart(6, '0')}`, place, point, street, houseNumber, assignedDate }),
    );
  }
  return features;
}

/** One `spatial-addresses` import row: a door-number address of `place` at `point`. */
export function addressFeature(address: {
  readonly id: string;
  readonly place: DemoPlace;
  readonly point: [number, number];
  readonly street: string;
  readonly houseNumber: string;
  readonly assignedDate: string;
}): GeoJsonFeature<GeoJsonPoint> {
  const { place, street, houseNumber } = address;
  return {
    type: 'Feature',
    id: address.id,
    geometry: { type: 'Point', coordinates: address.point },
    properties: {
      full_address: `${place.addressPrefix}${place.name}${street}${houseNumber}`,
      division_code: place.code,
      street,
      house_number: houseNumber,
      assigned_date: address.assignedDate,
    },
  };
}

/** The radical inverse of `index` in `base`: the Halton sequence's coordinate, in [0, 1). */
function halton(index: number, base: number): number {
  let result = 0;
  let fraction = 1 / base;
  for (let rest = index; rest > 0; rest = Math.floor(rest / base)) {
    result += (rest % base) * fraction;
    fraction /= base;
  }
  return result;
}

function distanceToSegment(point: LonLat, a: LonLat, b: LonLat): number {
  const [px, py] = point;
  const [ax, ay] = a;
  const [bx, by] = b;
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
