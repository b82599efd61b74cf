import { describe, expect, it } from 'vitest';
import { validateCitizenId, validateCreditCode } from '@hutong/gb-codes';
import { LEGAL_PERSONS } from '@hutong/registries';
import { demoLegalPerson } from '../demo/demo-people';
import { importViolations } from '../testing/import-check';
import { MAX_LEGAL_PERSONS, ScaleLegalPersons } from './scale-legal-persons';
import { ScalePersons } from './scale-persons';

const SAMPLE = 3_000;
const indicesOf = (count: number, sample = SAMPLE) => Array.from({ length: sample }, (_, k) => Math.floor((k * count) / sample));

describe('ScaleLegalPersons', () => {
  const persons = new ScalePersons(20_000_000, 1);
  const legalPersons = new ScaleLegalPersons(3_000_000, 1, persons);
  const rows = indicesOf(legalPersons.count).map((index) => legalPersons.row(index));

  it('makes valid legal-person import rows: credit codes pass GB 32100, representatives GB 11643, the registry’s checks pass', () => {
    for (const row of rows) {
      const code = validateCreditCode(String(row.credit_code));
      expect(code.ok, String(row.credit_code)).toBe(true);
      if (code.ok) expect(code.value.divisionCode).toBe(row.registered_division);
      expect(validateCitizenId(String(row.legal_representative_id)).ok).toBe(true);
      expect(importViolations(LEGAL_PERSONS, row), String(row.credit_code)).toEqual([]);
    }
  });

  it('takes representatives from the persons, adults when registered', () => {
    for (const row of rows.slice(0, 300)) {
      const id = String(row.legal_representative_id);
      expect(id.slice(14, 17) >= '300', id).toBe(true);
      const born = Number(id.slice(6, 10));
      expect(born, String(row.credit_code)).toBeLessThanOrEqual(Number(String(row.established_on).slice(0, 4)) - 18 + 1);
    }
  });

  it('gives every row its own subject identifier, by a bijection of the index', () => {
    const boundaries = [0, 1, 30, 31, 960, 961, 999, 1000, 2_999_999];
    const bodies = boundaries.map((index) => legalPersons.organizationBody(index));
    expect(new Set(bodies).size).toBe(bodies.length);
    expect(bodies.every((body) => /^MA[0-9A-HJ-NPQRTUWXY]{6}$/.test(body))).toBe(true);
    const all = new Set<string>();
    const small = new ScaleLegalPersons(200_000, 4, persons);
    for (let index = 0; index < small.count; index += 1) all.add(small.organizationBody(index));
    expect(all.size).toBe(small.count);
    expect(() => new ScaleLegalPersons(MAX_LEGAL_PERSONS + 1, 1, persons)).toThrow(RangeError);
    expect(() => legalPersons.organizationBody(3_000_000)).toThrow(RangeError);
  });

  it('never takes a demo legal person’s credit code (those have digits where these have MA)', () => {
    expect(String(demoLegalPerson(0).credit_code).slice(8, 10)).toMatch(/^\d\d$/);
    expect(rows.every((row) => String(row.credit_code).slice(8, 10) === 'MA')).toBe(true);
  });

  it('is deterministic: the same seed gives the same rows, another seed others', () => {
    const again = new ScaleLegalPersons(3_000_000, 1, new ScalePersons(20_000_000, 1));
    expect(indicesOf(legalPersons.count, 100).map((index) => again.row(index))).toEqual(rows.filter((_, k) => k % 30 === 0));
    const other = new ScaleLegalPersons(3_000_000, 2, persons);
    expect(other.row(0).credit_code).not.toBe(rows[0]?.credit_code);
  });

  it('spreads types, industries and registration years', () => {
    const share = (type: string) => rows.filter((row) => row.entity_type === type).length / rows.length;
    expect(share('individual_business')).toBeGreaterThan(0.5);
    expect(share('enterprise')).toBeGreaterThan(0.32);
    expect(share('institution') + share('social_organization')).toBeGreaterThan(0.02);
    expect(new Set(rows.map((row) => row.industry)).size).toBeGreaterThan(15);
    const years = rows.map((row) => Number(String(row.established_on).slice(0, 4)));
    expect(Math.min(...years)).toBeLessThan(1992);
    expect(Math.max(...years)).toBe(2024);
    expect(years.filter((year) => year >= 2015).length / years.length).toBeGreaterThan(0.5);
    expect(new Set(rows.map((row) => row.registered_division)).size).toBeGreaterThan(35);
  });
});
