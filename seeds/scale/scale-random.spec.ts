import { describe, expect, it } from 'vitest';
import { AffinePermutation, WeightedTable, below, floorDiv, fraction, rowRandom } from './scale-random';

describe('scale random helpers', () => {
  it('gives each (seed, stream, row) its own generator, the same every time', () => {
    const draws = (seed: number, stream: number, index: number) => {
      const rng = rowRandom(seed, stream, index);
      return [rng.next(), rng.next(), rng.next()];
    };
    expect(draws(1, 2, 3)).toEqual(draws(1, 2, 3));
    expect(draws(1, 2, 3)).not.toEqual(draws(1, 2, 4));
    expect(draws(1, 2, 3)).not.toEqual(draws(2, 2, 3));
    expect(draws(1, 2, 3)).not.toEqual(draws(1, 3, 3));
    expect(draws(1, 2, 2 ** 32 + 3)).not.toEqual(draws(1, 2, 3));
    // Neighbouring rows are unrelated: their first draws are not close.
    const firsts = Array.from({ length: 1000 }, (_, index) => fraction(rowRandom(5, 1, index)));
    const mean = firsts.reduce((sum, value) => sum + value, 0) / firsts.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
    expect(new Set(firsts.map((value) => Math.floor(value * 10))).size).toBe(10);
  });

  it('divides exactly, as integer division does', () => {
    expect(floorDiv(10, 3)).toBe(3);
    expect(floorDiv(9, 3)).toBe(3);
    expect(floorDiv(0, 7)).toBe(0);
    const rng = rowRandom(3, 3, 3);
    for (let draw = 0; draw < 2_000; draw += 1) {
      const n = Math.floor(fraction(rng) * Number.MAX_SAFE_INTEGER);
      const d = 1 + Math.floor(fraction(rng) * 2 ** (1 + below(rng, 52)));
      expect(floorDiv(n, d), `${n} / ${d}`).toBe(Number(BigInt(n) / BigInt(d)));
    }
  });

  it('permutes [0, size) one to one, whatever the size', () => {
    for (const size of [1, 2, 31, 350, 1000, 31 ** 3, 57_143]) {
      const permutation = new AffinePermutation(size, rowRandom(size, 9, 0));
      const images = new Set(Array.from({ length: size }, (_, index) => permutation.apply(index)));
      expect(images.size, String(size)).toBe(size);
      expect(Math.max(...images)).toBe(size - 1);
    }
  });

  it('draws weighted values in proportion, and integers in range', () => {
    const table = new WeightedTable<string>([
      ['a', 1],
      ['b', 3],
    ]);
    const rng = rowRandom(1, 1, 1);
    const draws = Array.from({ length: 20_000 }, () => table.pick(rng));
    expect(Math.abs(draws.filter((value) => value === 'b').length / draws.length - 0.75)).toBeLessThan(0.02);
    expect(table.share('a')).toBe(0.25);
    const ints = Array.from({ length: 1000 }, () => below(rng, 7));
    expect(Math.min(...ints)).toBe(0);
    expect(Math.max(...ints)).toBe(6);
    expect(() => new WeightedTable([['x', 0]])).toThrow(RangeError);
  });
});
