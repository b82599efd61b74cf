import { describe, expect, it } from 'vitest';
import { demoCitizenId } from '../demo/demo-people';
import { DEMO_LEGAL_PERSONS, DEMO_PERSONS } from '../demo/seed-demo';
import {
  AGE_GROUP_WEIGHTS,
  CitizenIdLattice,
  REFERENCE_DATE,
  SEQUENCE_FLOOR,
  SEQUENCE_PAIRS,
  sequenceOf,
} from './citizen-id-lattice';
import { SCALE_DISTRICTS } from './scale-districts';
import { floorDiv } from './scale-random';

const WEIGHTS = SCALE_DISTRICTS.map((district) => district.population);
const TWENTY_MILLION = 20_000_000;
const cellKey = (lattice: CitizenIdLattice, index: number) => {
  const cell = lattice.cell(index);
  return `${cell.district}|${cell.birthDate}|${cell.pair}`;
};

describe('CitizenIdLattice: distinct citizen IDs by construction', () => {
  it('keeps 20 million persons apart: no cell is longer than the spacing of one pair’s blocks', () => {
    const lattice = new CitizenIdLattice(TWENTY_MILLION, 1, WEIGHTS);
    expect(lattice.blocks).toBe(Math.ceil(TWENTY_MILLION / SEQUENCE_PAIRS));
    // The whole argument: blocks of one pair are ⌊W / B⌋ apart, a cell is at most M long.
    expect(lattice.longestCell).toBeLessThanOrEqual(lattice.spacing);
    expect(lattice.spacing / lattice.longestCell).toBeGreaterThan(4);
    // Every position on the line is an exact integer: b′·W + φ stays below 2^53.
    expect(lattice.blocks * lattice.lineLength).toBeLessThan(Number.MAX_SAFE_INTEGER);
    expect(CitizenIdLattice.capacityFor(WEIGHTS)).toBeGreaterThan(80_000_000);
  });

  it('refuses more persons than it can keep apart', () => {
    const capacity = CitizenIdLattice.capacityFor(WEIGHTS);
    expect(() => new CitizenIdLattice(capacity + 1, 1, WEIGHTS)).toThrow(RangeError);
    expect(new CitizenIdLattice(capacity, 1, WEIGHTS).longestCell).toBeLessThanOrEqual(
      new CitizenIdLattice(capacity, 1, WEIGHTS).spacing,
    );
  });

  it('maps rows to (pair, block) one to one across block boundaries, up to the last of 20 million', () => {
    const lattice = new CitizenIdLattice(TWENTY_MILLION, 1, WEIGHTS);
    const boundaries = [0, 349, 350, 999, 1000, 699_999, 700_000, TWENTY_MILLION - 1];
    const seen = new Map<string, number>();
    for (const boundary of boundaries) {
      for (let index = Math.max(0, boundary - 700); index <= Math.min(TWENTY_MILLION - 1, boundary + 700); index += 1) {
        const { pair, block } = lattice.pairAndBlock(index);
        expect(pair).toBeGreaterThanOrEqual(0);
        expect(pair).toBeLessThan(SEQUENCE_PAIRS);
        expect(block).toBe(Math.floor(index / SEQUENCE_PAIRS));
        const key = `${pair}|${block}`;
        expect(seen.get(key) ?? index, `rows ${seen.get(key)} and ${index}`).toBe(index);
        seen.set(key, index);
      }
    }
    const last = lattice.cell(TWENTY_MILLION - 1);
    expect(last.block).toBeLessThan(lattice.blocks);
    expect(() => lattice.cell(TWENTY_MILLION)).toThrow(RangeError);
    expect(() => lattice.cell(-1)).toThrow(RangeError);
  });

  it('gives the rows of one pair different cells, at the first, middle and last blocks of 20 million', () => {
    const lattice = new CitizenIdLattice(TWENTY_MILLION, 7, WEIGHTS);
    // Rows sharing a pair within and across the windows (200 blocks each): their cells must all differ.
    const byPair = new Map<number, Set<string>>();
    const clashes: number[] = [];
    for (const start of [0, 10_000_000, TWENTY_MILLION - 70_000]) {
      for (let index = start; index < start + 70_000; index += 1) {
        const cell = lattice.cell(index);
        const cells = byPair.get(cell.pair) ?? new Set<string>();
        const key = `${cell.district}|${cell.birthDate}`;
        if (cells.has(key)) clashes.push(index);
        cells.add(key);
        byPair.set(cell.pair, cells);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('gives every one of 210 000 persons a different (district, birth date, pair)', () => {
    const lattice = new CitizenIdLattice(210_000, 3, WEIGHTS);
    const cells = new Set<string>();
    for (let index = 0; index < lattice.persons; index += 1) cells.add(cellKey(lattice, index));
    expect(cells.size).toBe(lattice.persons);
  });

  it('holds at the edge of the condition: a line where the longest cell is exactly the spacing', () => {
    // Brute force over small lines: a pair's blocks land in distinct cells whenever M ≤ ⌊W / B⌋.
    for (const weights of [
      [1, 1, 1],
      [3, 1, 2, 5],
      [7, 2],
    ]) {
      const line = weights.reduce((sum, weight) => sum + weight, 0);
      const longest = Math.max(...weights);
      const blocks = Math.floor(line / longest);
      for (let offset = 0; offset < line; offset += 1) {
        const cellsHit = new Set<number>();
        for (let block = 0; block < blocks; block += 1) {
          const x = floorDiv(block * line + offset, blocks);
          let cell = 0;
          for (let start = 0; start + (weights[cell] ?? 0) <= x; cell += 1) start += weights[cell] ?? 0;
          cellsHit.add(cell);
        }
        expect(cellsHit.size, `weights ${weights.join()} offset ${offset}`).toBe(blocks);
      }
    }
  });

  it('never uses the demo city’s sequences 000–299, and the last digit says the sex', () => {
    expect(sequenceOf(0, false)).toBe(SEQUENCE_FLOOR);
    expect(sequenceOf(SEQUENCE_PAIRS - 1, true)).toBe(999);
    expect(sequenceOf(5, true) % 2).toBe(1);
    expect(sequenceOf(5, false) % 2).toBe(0);
    // The demo persons and their legal persons' representatives (person 3i + 1) stay below the floor.
    const demoPersons = [
      ...Array.from({ length: DEMO_PERSONS }, (_, index) => index),
      ...Array.from({ length: DEMO_LEGAL_PERSONS }, (_, index) => index * 3 + 1),
    ];
    expect(Math.max(...demoPersons.map((index) => Number(demoCitizenId(index).slice(14, 17))))).toBeLessThan(SEQUENCE_FLOOR);
  });

  it('is the same for the same seed and count, different for another seed', () => {
    const a = new CitizenIdLattice(1_000_000, 11, WEIGHTS);
    const b = new CitizenIdLattice(1_000_000, 11, WEIGHTS);
    const c = new CitizenIdLattice(1_000_000, 12, WEIGHTS);
    const sample = [0, 1, 2, 999, 1000, 123_456, 999_999];
    expect(sample.map((index) => a.cell(index))).toEqual(sample.map((index) => b.cell(index)));
    expect(sample.filter((index) => cellKey(a, index) === cellKey(c, index)).length).toBeLessThan(2);
  });

  it('follows the district weights and the age pyramid', () => {
    const lattice = new CitizenIdLattice(1_000_000, 5, WEIGHTS);
    const sample = 50_000;
    const districts = new Array<number>(WEIGHTS.length).fill(0);
    const ageGroups = new Array<number>(AGE_GROUP_WEIGHTS.length).fill(0);
    for (let index = 0; index < sample; index += 1) {
      const cell = lattice.cell(index * 20);
      districts[cell.district] = (districts[cell.district] ?? 0) + 1;
      const age = 2024 - Number(cell.birthDate.slice(0, 4));
      ageGroups[Math.floor(age / 5)] = (ageGroups[Math.floor(age / 5)] ?? 0) + 1;
      expect(cell.birthDate <= REFERENCE_DATE).toBe(true);
    }
    const totalWeight = WEIGHTS.reduce((sum, weight) => sum + weight, 0);
    WEIGHTS.forEach((weight, district) =>
      expect(Math.abs((districts[district] ?? 0) / sample - weight / totalWeight), SCALE_DISTRICTS[district]?.name).toBeLessThan(
        0.006,
      ),
    );
    const pyramid = AGE_GROUP_WEIGHTS.reduce((sum, weight) => sum + weight, 0);
    AGE_GROUP_WEIGHTS.forEach((weight, group) =>
      expect(Math.abs((ageGroups[group] ?? 0) / sample - weight / pyramid), `ages ${group * 5}–${group * 5 + 4}`).toBeLessThan(
        0.006,
      ),
    );
  });
});
