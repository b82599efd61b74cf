import { buildCitizenId } from '@hutong/gb-codes';
import { CitizenIdLattice, sequenceOf } from './citizen-id-lattice';
import { SCALE_DISTRICTS, type Province, type ScaleDistrict } from './scale-districts';
import { personName } from './scale-names';
import { RANDOM_STREAMS, WeightedTable, below, chance, oneOf, rowRandom, type RandomGenerator } from './scale-random';

/** Men per person: China's 2020 census counted 105.07 men per 100 women (51.2 %). */
export const MALE_SHARE = 0.512;

/** GB/T 3304 民族 codes by province, in approximate census proportions (汉族 01 first). */
const ETHNICITIES: Readonly<Record<Province, WeightedTable<string>>> = {
  guangdong: new WeightedTable([
    ['01', 9830],
    ['08', 60], // 壮族
    ['15', 30], // 土家族
    ['06', 30], // 苗族
    ['13', 20], // 瑶族
    ['12', 10], // 侗族
    ['03', 10], // 回族
    ['11', 10], // 满族
  ]),
  sichuan: new WeightedTable([
    ['01', 9850],
    ['04', 40], // 藏族
    ['07', 40], // 彝族
    ['03', 20], // 回族
    ['33', 20], // 羌族
    ['15', 10], // 土家族
    ['06', 10], // 苗族
    ['11', 10], // 满族
  ]),
  henan: new WeightedTable([
    ['01', 9860],
    ['03', 110], // 回族
    ['11', 10], // 满族
    ['02', 10], // 蒙古族
    ['08', 10], // 壮族
  ]),
};

export interface ScaleIdentity {
  readonly citizenId: string;
  readonly name: string;
  readonly birthDate: string;
  readonly male: boolean;
  readonly district: ScaleDistrict;
}

/**
 * N synthetic residents of the four cities in the row form of the population import (as
 * `demoPerson`): valid, pairwise distinct citizen IDs (see CitizenIdLattice), districts by
 * population, ages by the census pyramid, 51.2 % men, surnames by frequency. Row i depends only on
 * (N, seed, i), so any chunk can be made again on its own and the same arguments give the same bytes.
 */
export class ScalePersons {
  private readonly lattice: CitizenIdLattice;

  constructor(
    readonly count: number,
    readonly seed: number,
  ) {
    this.lattice = new CitizenIdLattice(
      count,
      seed,
      SCALE_DISTRICTS.map((district) => district.population),
    );
  }

  /** The most persons one run can make with distinct IDs. */
  static capacity(): number {
    return CitizenIdLattice.capacityFor(SCALE_DISTRICTS.map((district) => district.population));
  }

  identity(index: number): ScaleIdentity {
    return this.draw(index).identity;
  }

  row(index: number): Record<string, unknown> {
    const { identity, rng } = this.draw(index);
    return {
      citizen_id: identity.citizenId,
      name: identity.name,
      ethnicity: ETHNICITIES[identity.district.province].pick(rng),
      nationality: 'CHN',
      household_address: homeAddress(rng, identity.district),
      household_division: identity.district.code,
    };
  }

  private draw(index: number): { identity: ScaleIdentity; rng: RandomGenerator } {
    const cell = this.lattice.cell(index);
    const rng = rowRandom(this.seed, RANDOM_STREAMS.persons, index);
    const male = chance(rng, MALE_SHARE);
    const district = SCALE_DISTRICTS[cell.district] as ScaleDistrict;
    const citizenId = buildCitizenId({
      divisionCode: district.code,
      birthDate: cell.birthDate,
      sequence: sequenceOf(cell.pair, male),
    });
    const name = personName(rng, male, Number(cell.birthDate.slice(0, 4)));
    return { identity: { citizenId, name, birthDate: cell.birthDate, male, district }, rng };
  }
}

/** A home address in the district: road, number and, for most, building and flat (天河路208号3栋1201房). */
export function homeAddress(rng: RandomGenerator, district: ScaleDistrict): string {
  const door = `${district.addressPrefix}${oneOf(rng, district.streets)}${1 + below(rng, 600)}号`;
  if (!chance(rng, 0.7)) return door;
  const floor = 1 + below(rng, 32);
  return `${door}${1 + below(rng, 12)}栋${floor}${String(1 + below(rng, 8)).padStart(2, '0')}房`;
}
