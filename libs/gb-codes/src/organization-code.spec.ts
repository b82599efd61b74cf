import { describe, expect, it } from 'vitest';
import { organizationCodeCheckCharacter, validateOrganizationCode } from './organization-code';

describe('organizationCodeCheckCharacter (GB 11714)', () => {
  it('matches the organisation codes inside the standards.md credit code vectors', () => {
    // 91350100M000100Y43 → M000100Y4: S = 22·3 + 1·5 + 34·2 = 139, 139 mod 11 = 7, C = 4.
    expect(organizationCodeCheckCharacter('M000100Y')).toBe('4');
    // 91512081MA62K0260E → MA62K0260: S = 330, 330 mod 11 = 0, C = 11 → 0.
    expect(organizationCodeCheckCharacter('MA62K026')).toBe('0');
  });

  it('writes C = 10 as X and C = 11 as 0', () => {
    // 40000000: S = 4·3 = 12, 12 mod 11 = 1, C = 10 → X.
    expect(organizationCodeCheckCharacter('40000000')).toBe('X');
    // 00000000: S = 0, C = 11 → 0.
    expect(organizationCodeCheckCharacter('00000000')).toBe('0');
  });

  it('values letters A–Z as 10–35, including those the credit code set leaves out', () => {
    // 0000000A: S = 10·2 = 20, 20 mod 11 = 9, C = 2.
    expect(organizationCodeCheckCharacter('0000000A')).toBe('2');
    // Z = 35: S = 35·3 = 105, 105 mod 11 = 6, C = 5.
    expect(organizationCodeCheckCharacter('Z0000000')).toBe('5');
  });

  it('throws a RangeError on anything but 8 characters of 0-9/A-Z', () => {
    for (const bad of ['M000100', 'M000100Y4', 'm000100y', 'M000-100']) {
      expect(() => organizationCodeCheckCharacter(bad), bad).toThrow(RangeError);
    }
  });
});

describe('validateOrganizationCode', () => {
  it('accepts a correct code', () => {
    expect(validateOrganizationCode('M000100Y4')).toEqual({ ok: true, value: 'M000100Y4' });
    expect(validateOrganizationCode('40000000X')).toEqual({ ok: true, value: '40000000X' });
  });

  it.each([
    ['M000100Y', 'bad_length'],
    ['M000100Y-4', 'bad_length'],
    ['m000100y4', 'bad_format'],
    ['M000100YA', 'bad_format'],
    ['M000100Y5', 'bad_org_code_check'],
  ])('%j fails with %s', (input, reason) => {
    expect(validateOrganizationCode(input)).toMatchObject({ ok: false, reason });
  });
});
