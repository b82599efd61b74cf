import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

export type { RandomGenerator };

/**
 * Independent random streams, one per purpose: each row of each kind draws from its own generator,
 * so any row (and so any chunk) can be made again on its own, and adding a draw to one kind never
 * shifts another kind's data.
 */
export const RANDOM_STREAMS = { parameters: 1, persons: 2, legalPersons: 3, addresses: 4 } as const;

/** The largest seed: seeds are 32-bit unsigned integers. */
export const MAX_SEED = 0xffff_ffff;

/** murmur3's 32-bit finaliser: a bijection on 32-bit integers that spreads every input bit over the output. */
function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * The generator of row `index` of `stream` under `seed`: xoroshiro128+ (pure-rand) whose 128-bit
 * state is hashed from the three numbers — distinct indices give distinct states (each mixing step
 * is a bijection), and neighbouring indices give unrelated ones (pure-rand's own `xoroshiro128plus(seed)`
 * fills the state with the seed almost as is, which correlates the first draws of nearby seeds).
 */
export function rowRandom(seed: number, stream: number, index: number): RandomGenerator {
  const low = index % 0x1_0000_0000;
  const high = Math.floor(index / 0x1_0000_0000);
  const base = mix32(mix32(mix32(mix32(seed ^ 0x9e37_79b9) ^ stream) ^ low) ^ high);
  const state = [1, 2, 3, 4].map((lane) => mix32(base + Math.imul(lane, 0x9e37_79b9)));
  if (!state.some((word) => word !== 0)) state[0] = 1;
  return xoroshiro128plusFromState(state);
}

/** A fraction in [0, 1) with 53 random bits. */
export function fraction(rng: RandomGenerator): number {
  return uniformFloat64(rng);
}

/** An integer in [0, n). */
export function below(rng: RandomGenerator, n: number): number {
  return n <= 1 ? 0 : uniformInt(rng, 0, n - 1);
}

export function chance(rng: RandomGenerator, probability: number): boolean {
  return fraction(rng) < probability;
}

export function oneOf<T>(rng: RandomGenerator, values: readonly T[]): T {
  if (values.length === 0) throw new RangeError('oneOf needs at least one value');
  return values[below(rng, values.length)] as T;
}

/** Values drawn in proportion to their weights (binary search over the running totals). */
export class WeightedTable<T> {
  private readonly values: readonly T[];
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    if (entries.length === 0) throw new RangeError('a weighted table needs at least one entry');
    this.values = entries.map(([value]) => value);
    this.cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, weight], index) => {
      if (!(weight > 0)) throw new RangeError('weights must be positive');
      total += weight;
      this.cumulative[index] = total;
    });
    this.total = total;
  }

  pick(rng: RandomGenerator): T {
    const target = fraction(rng) * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.cumulative[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return this.values[low] as T;
  }

  /** The share of `value` (for distribution checks). */
  share(value: T): number {
    const index = this.values.indexOf(value);
    if (index < 0) return 0;
    return ((this.cumulative[index] ?? 0) - (index === 0 ? 0 : (this.cumulative[index - 1] ?? 0))) / this.total;
  }
}

/** ⌊n / d⌋ exactly, for non-negative safe integers (a float quotient may round up to the next integer). */
export function floorDiv(n: number, d: number): number {
  let quotient = Math.floor(n / d);
  if (quotient * d > n) quotient -= 1;
  else if ((quotient + 1) * d <= n) quotient += 1;
  return quotient;
}

export function gcd(a: number, b: number): number {
  let [x, y] = [Math.abs(a), Math.abs(b)];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/**
 * A bijection of [0, size): i ↦ (multiplier·i + offset) mod size with gcd(multiplier, size) = 1,
 * both drawn from `rng`. The multiplier stays below 2^21 so that multiplier·i is exact for every i
 * below 2^32.
 */
export class AffinePermutation {
  private readonly multiplier: number;
  private readonly offset: number;

  constructor(
    readonly size: number,
    rng: RandomGenerator,
  ) {
    if (!Number.isSafeInteger(size) || size < 1 || size > 0x1_0000_0000) throw new RangeError('size must be 1 … 2^32');
    const limit = Math.min(size, 1 << 21);
    let multiplier = limit <= 2 ? 1 : 1 + below(rng, limit - 1);
    while (gcd(multiplier, size) !== 1) multiplier = multiplier + 1 >= limit ? 1 : multiplier + 1;
    this.multiplier = multiplier;
    this.offset = below(rng, size);
  }

  apply(index: number): number {
    return (this.multiplier * index + this.offset) % this.size;
  }
}
