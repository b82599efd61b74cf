import { AffinePermutation, RANDOM_STREAMS, floorDiv, fraction, rowRandom } from './scale-random';

/**
 * Where each of N synthetic persons is born — district and birth date, drawn in proportion to the
 * districts' population and to an age pyramid — such that no two persons can get the same citizen
 * ID, by construction rather than by remembering the IDs handed out (20 million of them would not
 * fit a Set comfortably, and a chunk could not be made again on its own).
 *
 * A GB 11643 ID is division (6) + birth date (8) + sequence (3) + check character, and the sequence's
 * last digit is odd for men and even for women. Sequences 000–299 are left to the demo city's
 * persons (`demoCitizenId`); scale persons use pairs k = 0 … 349: sequence 300 + 2k for a woman,
 * 301 + 2k for a man. So two persons can collide only if they have the same pair k, and the lattice
 * below gives the persons of one pair pairwise different (district, birth date) cells:
 *
 * - Row i is split into pair k and block b: i = 350·b + r, k a bijection of r within block b. Each
 *   (k, b) is at most one row. B = ⌈N / 350⌉ blocks.
 * - The cells are laid end to end on an integer line of length W = Σ population × Σ day weight:
 *   cell (district d, day t) is an interval of length population(d) × weight(t).
 * - Pair k's block b sits at x = ⌊(b′·W + φₖ) / B⌋, with b′ = a permutation of b (seeded) and φₖ a
 *   seeded offset in [0, W). Two blocks of the same pair are at least ⌊W / B⌋ apart on the line
 *   (⌊u + δ⌋ − ⌊u⌋ ≥ ⌊δ⌋), and no cell is longer than the largest population × the largest day weight
 *   = M. While M ≤ ⌊W / B⌋, no cell holds two blocks of one pair: the IDs are distinct.
 *
 * Since x is spread evenly over the line (a stratified sample), districts and birth dates come out in
 * their weights' proportions. The condition holds up to `capacity` persons (about 89 million with the
 * four cities' districts); everything is integer arithmetic below 2^53, so it holds exactly.
 */

/** Scale persons' sequences start here; 000–299 belong to the demo city. */
export const SEQUENCE_FLOOR = 300;
/** Sequence pairs (female even, male odd) from SEQUENCE_FLOOR to 999. */
export const SEQUENCE_PAIRS = (1000 - SEQUENCE_FLOOR) / 2;
/** Ages are counted on this day, so the same seed gives the same persons whatever the date. */
export const REFERENCE_DATE = '2024-12-31';
const REFERENCE_YEAR = 2024;
/** Ages 0–99 at the reference date. */
const FIRST_BIRTH_YEAR = REFERENCE_YEAR - 99;

/**
 * The age pyramid: weight per day of birth for the 5-year age groups 0–4, 5–9, … 95–99 — China's
 * 2020 census shares of the population (5.5 %, 6.3 %, … 0.08 %) × 20, rounded.
 */
export const AGE_GROUP_WEIGHTS = [110, 126, 118, 104, 108, 132, 176, 140, 134, 164, 172, 142, 104, 100, 68, 44, 30, 16, 6, 2];

interface Days {
  readonly dates: readonly string[];
  readonly weights: Uint16Array;
  /** cumulative[t] = Σ weights before day t; cumulative[days] = the total. */
  readonly cumulative: Float64Array;
}

let days: Days | undefined;

/** The birth days FIRST_BIRTH_YEAR-01-01 … REFERENCE_DATE with their weights (built once). */
function birthDays(): Days {
  if (days) return days;
  const dates: string[] = [];
  const weights: number[] = [];
  for (let time = Date.UTC(FIRST_BIRTH_YEAR, 0, 1); ; time += 86_400_000) {
    const date = new Date(time).toISOString().slice(0, 10);
    if (date > REFERENCE_DATE) break;
    const age = REFERENCE_YEAR - Number(date.slice(0, 4));
    dates.push(date);
    weights.push(AGE_GROUP_WEIGHTS[Math.min(AGE_GROUP_WEIGHTS.length - 1, Math.floor(age / 5))] ?? 1);
  }
  const cumulative = new Float64Array(dates.length + 1);
  weights.forEach((weight, index) => (cumulative[index + 1] = (cumulative[index] ?? 0) + weight));
  days = { dates, weights: Uint16Array.from(weights), cumulative };
  return days;
}

export interface BirthCell {
  /** Index into the district weights the lattice was built with. */
  readonly district: number;
  /** YYYY-MM-DD. */
  readonly birthDate: string;
  /** 0 … SEQUENCE_PAIRS − 1: sequence SEQUENCE_FLOOR + 2·pair (+1 for a man). */
  readonly pair: number;
  /** The block b′ (after permutation): with `pair`, the row's place on the lattice. */
  readonly block: number;
}

export class CitizenIdLattice {
  private readonly districtCumulative: Float64Array;
  private readonly districtWeights: readonly number[];
  private readonly dayTotal: number;
  /** W: the length of the line all cells are laid on. */
  readonly lineLength: number;
  /** B: blocks per pair. */
  readonly blocks: number;
  /** M: the longest cell. */
  readonly longestCell: number;
  private readonly pairOrder: AffinePermutation;
  private readonly blockOrders: readonly AffinePermutation[];
  private readonly offsets: Float64Array;
  private readonly seed: number;

  /**
   * @param persons N, the rows the run makes (the lattice is spread over exactly this many).
   * @param districtWeights positive integer weights, e.g. population in 万人.
   */
  constructor(
    readonly persons: number,
    seed: number,
    districtWeights: readonly number[],
  ) {
    if (!districtWeights.every((weight) => Number.isSafeInteger(weight) && weight > 0)) {
      throw new RangeError('district weights must be positive integers');
    }
    const { cumulative, weights } = birthDays();
    this.seed = seed;
    this.districtWeights = districtWeights;
    this.districtCumulative = new Float64Array(districtWeights.length + 1);
    districtWeights.forEach(
      (weight, index) => (this.districtCumulative[index + 1] = (this.districtCumulative[index] ?? 0) + weight),
    );
    this.dayTotal = cumulative[cumulative.length - 1] ?? 0;
    this.lineLength = (this.districtCumulative[districtWeights.length] ?? 0) * this.dayTotal;
    this.longestCell = Math.max(...districtWeights) * Math.max(...weights);
    const capacity = CitizenIdLattice.capacityFor(districtWeights);
    if (!Number.isSafeInteger(persons) || persons < 0 || persons > capacity) {
      throw new RangeError(`the citizen-ID lattice holds 0 … ${capacity} persons, not ${persons}`);
    }
    this.blocks = Math.max(1, Math.ceil(persons / SEQUENCE_PAIRS));
    const rng = rowRandom(seed, RANDOM_STREAMS.parameters, 0);
    this.pairOrder = new AffinePermutation(SEQUENCE_PAIRS, rng);
    this.blockOrders = Array.from({ length: SEQUENCE_PAIRS }, () => new AffinePermutation(this.blocks, rng));
    this.offsets = Float64Array.from({ length: SEQUENCE_PAIRS }, () => Math.floor(fraction(rng) * this.lineLength));
  }

  /** The most persons a lattice over these district weights keeps apart: 350 × ⌊W / M⌋, and (b′·W + φ) stays below 2^53. */
  static capacityFor(districtWeights: readonly number[]): number {
    const { cumulative, weights } = birthDays();
    const line = districtWeights.reduce((sum, weight) => sum + weight, 0) * (cumulative[cumulative.length - 1] ?? 0);
    const longest = Math.max(...districtWeights) * Math.max(...weights);
    const blocks = Math.min(Math.floor(line / longest), Math.floor(Number.MAX_SAFE_INTEGER / line) - 1);
    return SEQUENCE_PAIRS * blocks;
  }

  /** The spacing of one pair's blocks on the line, ⌊W / B⌋: no cell may be longer (see the class comment). */
  get spacing(): number {
    return Math.floor(this.lineLength / this.blocks);
  }

  /** Row `index`'s pair and block before the lattice: a bijection of [0, N) into pairs × blocks. */
  pairAndBlock(index: number): { pair: number; block: number } {
    const rest = index % SEQUENCE_PAIRS;
    const block = (index - rest) / SEQUENCE_PAIRS;
    // Within a block the rows take the pairs in a seeded order (rotated per block), so sequences do not count up row by row.
    const rotation = ((Math.imul(block, 0x9e37_79b1) ^ this.seed) >>> 0) % SEQUENCE_PAIRS;
    return { pair: (this.pairOrder.apply(rest) + rotation) % SEQUENCE_PAIRS, block };
  }

  cell(index: number): BirthCell {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.persons) throw new RangeError(`no person ${index}`);
    const { pair, block } = this.pairAndBlock(index);
    const permuted = (this.blockOrders[pair] as AffinePermutation).apply(block);
    const x = floorDiv(permuted * this.lineLength + (this.offsets[pair] ?? 0), this.blocks);
    const district = upperBound(this.districtCumulative, floorDiv(x, this.dayTotal)) - 1;
    const rest = x - (this.districtCumulative[district] ?? 0) * this.dayTotal;
    const { cumulative, dates } = birthDays();
    const day = upperBound(cumulative, floorDiv(rest, this.districtWeights[district] ?? 1)) - 1;
    return { district, birthDate: dates[day] as string, pair, block: permuted };
  }
}

export function sequenceOf(pair: number, male: boolean): number {
  return SEQUENCE_FLOOR + 2 * pair + (male ? 1 : 0);
}

/** The first position whose value is greater than `value` (values ascending). */
function upperBound(values: Float64Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] ?? 0) > value) high = middle;
    else low = middle + 1;
  }
  return low;
}
