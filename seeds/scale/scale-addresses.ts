import {
  addressFeature,
  DEMO_ADDRESS_PLACES,
  insideWithMargin,
  ringBounds,
  roundCoordinate,
  type Bounds,
  type DemoPlace,
  type GeoJsonFeature,
  type GeoJsonPoint,
} from '../demo/demo-places';
import { REFERENCE_DATE } from './citizen-id-lattice';
import { scaleDistrict } from './scale-districts';
import { AffinePermutation, RANDOM_STREAMS, WeightedTable, below, chance, fraction, oneOf, rowRandom } from './scale-random';

/** Address ids are the district code and a 9-digit permuted row index: 10^9 of them. */
export const MAX_ADDRESSES = 1_000_000_000;

interface AddressArea {
  readonly place: DemoPlace;
  readonly bounds: Bounds;
}

const AREAS = new WeightedTable<AddressArea>(
  DEMO_ADDRESS_PLACES.map((place): [AddressArea, number] => [
    { place, bounds: ringBounds(place.ring) },
    scaleDistrict(place.code).population,
  ]),
);

/**
 * N synthetic door-number addresses in the row form of the spatial-addresses import: GeoJSON
 * Features whose point lies inside the demo district's polygon (`demoDistrictFeatures`, drawn
 * uniformly by rejection and kept 10 m clear of the boundary), districts by population, real road
 * names, numbers, and assignment dates from 1995. The id is the district code and a seeded
 * permutation of the row index — distinct for every row by construction, and never a demo
 * address's (those start with "D").
 */
export class ScaleAddresses {
  private readonly ids: AffinePermutation;

  constructor(
    readonly count: number,
    readonly seed: number,
  ) {
    if (!Number.isSafeInteger(count) || count < 0 || count > MAX_ADDRESSES) {
      throw new RangeError(`addresses: 0 … ${MAX_ADDRESSES}, not ${count}`);
    }
    this.ids = new AffinePermutation(MAX_ADDRESSES, rowRandom(seed, RANDOM_STREAMS.parameters, 2));
  }

  feature(index: number): GeoJsonFeature<GeoJsonPoint> {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.count) throw new RangeError(`no address ${index}`);
    const rng = rowRandom(this.seed, RANDOM_STREAMS.addresses, index);
    const { place, bounds } = AREAS.pick(rng);
    let point: [number, number];
    do {
      point = [
        roundCoordinate(bounds.west + fraction(rng) * (bounds.east - bounds.west)),
        roundCoordinate(bounds.south + fraction(rng) * (bounds.north - bounds.south)),
      ];
    } while (!insideWithMargin(point, place.ring));
    const street = oneOf(rng, place.streets);
    const number = 1 + below(rng, 800);
    const houseNumber = chance(rng, 0.1) ? `${number}号之${2 + below(rng, 8)}` : `${number}号`;
    const assigned = new Date(Date.UTC(1995, 0, 1) + below(rng, 30 * 365) * 86_400_000).toISOString().slice(0, 10);
    return addressFeature({
      id: `${place.code}${String(this.ids.apply(index)).padStart(9, '0')}`,
      place,
      point,
      street,
      houseNumber,
      assignedDate: assigned > REFERENCE_DATE ? REFERENCE_DATE : assigned,
    });
  }
}
