import { describe, expect, it } from 'vitest';
import { buildCitizenId, buildCreditCode } from './generators';

describe('buildCitizenId', () => {
  it('reproduces the standards.md vectors', () => {
    expect(buildCitizenId({ divisionCode: '110105', birthDate: '1949-12-31', sequence: 2 })).toBe('11010519491231002X');
    expect(buildCitizenId({ divisionCode: '440524', birthDate: '1880-01-01', sequence: 1 })).toBe('440524188001010014');
    expect(buildCitizenId({ divisionCode: '370101', birthDate: '1901-02-03', sequence: 997 })).toBe('370101190102039973');
  });

  it('is deterministic', () => {
    const parts = { divisionCode: '440103', birthDate: '2000-02-29', sequence: 123 };
    expect(buildCitizenId(parts)).toBe(buildCitizenId(parts));
  });

  it('pads the sequence to 3 digits', () => {
    expect(buildCitizenId({ divisionCode: '440103', birthDate: '1990-01-01', sequence: 7 }).slice(14, 17)).toBe('007');
  });

  it('does not check that the division exists, so fixtures can be deliberately invalid', () => {
    expect(buildCitizenId({ divisionCode: '999999', birthDate: '1990-01-01', sequence: 1 })).toMatch(/^99999919900101001[\dX]$/);
  });

  it.each([
    [{ divisionCode: '44010', birthDate: '1990-01-01', sequence: 1 }],
    [{ divisionCode: '440103', birthDate: '1990-02-30', sequence: 1 }],
    [{ divisionCode: '440103', birthDate: '19900101', sequence: 1 }],
    [{ divisionCode: '440103', birthDate: '1990-01-01', sequence: 1000 }],
    [{ divisionCode: '440103', birthDate: '1990-01-01', sequence: -1 }],
    [{ divisionCode: '440103', birthDate: '1990-01-01', sequence: 1.5 }],
  ])('throws a RangeError on malformed parts %j', (parts) => {
    expect(() => buildCitizenId(parts)).toThrow(RangeError);
  });
});

describe('buildCreditCode', () => {
  it('reproduces the standards.md vectors, computing both check characters', () => {
    expect(
      buildCreditCode({ registrationAuthority: '9', entityCategory: '1', divisionCode: '350100', organizationBody: 'M000100Y' }),
    ).toBe('91350100M000100Y43');
    expect(
      buildCreditCode({ registrationAuthority: '9', entityCategory: '1', divisionCode: '512081', organizationBody: 'MA62K026' }),
    ).toBe('91512081MA62K0260E');
  });

  it.each([
    [{ registrationAuthority: 'I', entityCategory: '1', divisionCode: '350100', organizationBody: 'M000100Y' }],
    [{ registrationAuthority: '91', entityCategory: '1', divisionCode: '350100', organizationBody: 'M000100Y' }],
    [{ registrationAuthority: '9', entityCategory: '', divisionCode: '350100', organizationBody: 'M000100Y' }],
    [{ registrationAuthority: '9', entityCategory: '1', divisionCode: '35010A', organizationBody: 'M000100Y' }],
    [{ registrationAuthority: '9', entityCategory: '1', divisionCode: '350100', organizationBody: 'M000100' }],
    [{ registrationAuthority: '9', entityCategory: '1', divisionCode: '350100', organizationBody: 'M000100O' }],
    [{ registrationAuthority: '9', entityCategory: '1', divisionCode: '350100', organizationBody: 'm000100y' }],
  ])('throws a RangeError on malformed parts %j', (parts) => {
    expect(() => buildCreditCode(parts)).toThrow(RangeError);
  });
});
