import { describe, expect, it } from 'vitest';
import { validateCitizenId } from '@hutong/gb-codes';
import { POPULATION } from '@hutong/registries';
import { importViolations } from '../testing/import-check';
import { SCALE_DISTRICTS } from './scale-districts';
import { SURNAMES } from './scale-names';
import { MALE_SHARE, ScalePersons } from './scale-persons';

const SAMPLE = 4_000;
const indicesOf = (count: number, sample = SAMPLE) => Array.from({ length: sample }, (_, k) => Math.floor((k * count) / sample));

describe('ScalePersons', () => {
  const persons = new ScalePersons(20_000_000, 1);
  const rows = indicesOf(persons.count).map((index) => persons.row(index));

  it('makes valid population import rows: IDs pass GB 11643, and the registry’s own checks pass', () => {
    for (const row of rows) {
      const id = validateCitizenId(String(row.citizen_id));
      expect(id.ok, String(row.citizen_id)).toBe(true);
      if (id.ok) expect(id.value.divisionCode).toBe(row.household_division);
      expect(importViolations(POPULATION, row), String(row.citizen_id)).toEqual([]);
      expect(String(row.household_address).length).toBeLessThanOrEqual(200);
    }
  });

  it('gives valid, distinct IDs at the boundaries of the index space', () => {
    const boundaries = [0, 1, 349, 350, 999, 1000, 19_999_999];
    const ids = boundaries.map((index) => String(persons.row(index).citizen_id));
    expect(ids.every((id) => validateCitizenId(id).ok)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(() => persons.row(20_000_000)).toThrow(RangeError);
  });

  it('never repeats an ID within 100 000 consecutive rows or between distant ones', () => {
    const small = new ScalePersons(100_000, 9);
    const ids = new Set<string>();
    for (let index = 0; index < small.count; index += 1) ids.add(small.identity(index).citizenId);
    expect(ids.size).toBe(small.count);
    const spread = new Set(indicesOf(persons.count, 20_000).map((index) => persons.identity(index).citizenId));
    expect(spread.size).toBe(20_000);
  });

  it('is deterministic: the same seed and count give the same rows, another seed other rows', () => {
    const again = new ScalePersons(20_000_000, 1);
    expect(indicesOf(persons.count, 200).map((index) => again.row(index))).toEqual(rows.filter((_, k) => k % 20 === 0));
    const other = new ScalePersons(20_000_000, 2);
    const same = indicesOf(persons.count, 200).filter(
      (index) => other.identity(index).citizenId === persons.identity(index).citizenId,
    );
    expect(same.length).toBeLessThan(3);
  });

  it('has about 51 % men, districts by population, common surnames in their proportions', () => {
    const identities = indicesOf(persons.count, 20_000).map((index) => persons.identity(index));
    const men = identities.filter((identity) => identity.male).length / identities.length;
    expect(Math.abs(men - MALE_SHARE)).toBeLessThan(0.015);
    const guangzhou = identities.filter((identity) => identity.district.code.startsWith('4401')).length / identities.length;
    const total = SCALE_DISTRICTS.reduce((sum, district) => sum + district.population, 0);
    const guangzhouShare =
      SCALE_DISTRICTS.filter((d) => d.code.startsWith('4401')).reduce((sum, d) => sum + d.population, 0) / total;
    expect(Math.abs(guangzhou - guangzhouShare)).toBeLessThan(0.02);
    const wang = identities.filter((identity) => identity.name.startsWith('王') && !identity.name.startsWith('王记')).length;
    expect(Math.abs(wang / identities.length - SURNAMES.share('王'))).toBeLessThan(0.01);
    const ages = identities.map((identity) => 2024 - Number(identity.birthDate.slice(0, 4)));
    const adults = ages.filter((age) => age >= 18).length / ages.length;
    expect(adults).toBeGreaterThan(0.75);
    expect(adults).toBeLessThan(0.85);
  });
});
