import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_CHARACTERS, creditCodeCheckCharacter, validateCreditCode } from './credit-code';
import { buildCreditCode } from './generators';
import { organizationCodeCheckCharacter } from './organization-code';
import type { GbCodeResult } from './result';

/** An 18-character code with a correct GB 32100 check character around any 17 leading characters. */
const withCheck = (first17: string): string => first17 + creditCodeCheckCharacter(first17);

const failureOf = <T>(result: GbCodeResult<T>): { reason: string; message: string } => {
  if (result.ok) throw new Error('expected a failure');
  return { reason: result.reason, message: result.message };
};

describe('validateCreditCode', () => {
  describe('standards.md §1.3 vectors', () => {
    it('accepts 91350100M000100Y43 (工商, 企业, 福州市)', () => {
      expect(validateCreditCode('91350100M000100Y43')).toEqual({
        ok: true,
        value: {
          code: '91350100M000100Y43',
          registrationAuthority: '9',
          entityCategory: '1',
          divisionCode: '350100',
          organizationCode: 'M000100Y4',
        },
      });
    });

    it('accepts 91512081MA62K0260E (registered in 简阳市 512081, a code retired in 2016)', () => {
      expect(validateCreditCode('91512081MA62K0260E')).toMatchObject({
        ok: true,
        value: { divisionCode: '512081', organizationCode: 'MA62K0260' },
      });
    });

    it('refuses the often-quoted 91350100M000100Y4Z: Z is not even in the character set, and the check is 3', () => {
      expect(validateCreditCode('91350100M000100Y4Z')).toMatchObject({ ok: false, reason: 'bad_charset' });
      expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    });

    it('computes the check character of the second vector', () => {
      expect(creditCodeCheckCharacter('91512081MA62K0260')).toBe('E');
    });
  });

  describe('bad_length', () => {
    it.each(['91350100M000100Y4', '91350100M000100Y433', '', ' 91350100M000100Y43'])('refuses %j', (input) => {
      expect(validateCreditCode(input)).toMatchObject({ ok: false, reason: 'bad_length' });
    });
  });

  describe('bad_charset', () => {
    it('refuses lower-case letters rather than upper-casing them (GB 32100 uses capitals only)', () => {
      expect(validateCreditCode('91350100m000100y43')).toEqual({
        ok: false,
        reason: 'bad_charset',
        message: 'credit code letters must be upper case (position 9)',
      });
    });

    it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the excluded letter %s', (letter) => {
      const input = `91350100M000100${letter}43`;
      expect(validateCreditCode(input)).toEqual({
        ok: false,
        reason: 'bad_charset',
        message: 'character at position 16 is not in the GB 32100 character set (no I, O, Z, S, V)',
      });
    });

    it('refuses whitespace and punctuation inside the code', () => {
      expect(validateCreditCode('91350100 000100Y43')).toMatchObject({ ok: false, reason: 'bad_charset' });
      expect(validateCreditCode('91350100-000100Y43')).toMatchObject({ ok: false, reason: 'bad_charset' });
    });
  });

  describe('bad_format', () => {
    it('refuses a letter in the division positions 3–8', () => {
      expect(validateCreditCode(withCheck('913501A0M000100Y4'))).toMatchObject({ ok: false, reason: 'bad_format' });
    });
  });

  describe('bad_check_digit', () => {
    it('names the character found and the one expected', () => {
      expect(validateCreditCode('91350100M000100Y44')).toEqual({
        ok: false,
        reason: 'bad_check_digit',
        message: 'check character is 4, expected 3',
      });
    });
  });

  describe('bad_org_code_check (GB 11714 on positions 9–17, after the GB 32100 check)', () => {
    const wrongOrganizationCheck = withCheck('91350100M000100Y5');

    it('refuses a code whose own check character is right but whose organisation code is not', () => {
      expect(validateCreditCode(wrongOrganizationCheck)).toEqual({
        ok: false,
        reason: 'bad_org_code_check',
        message: 'organisation code check character is 5, expected 4',
      });
    });

    it('can be switched off for sources whose subject identifiers are not organisation codes', () => {
      expect(validateCreditCode(wrongOrganizationCheck, { checkOrganizationCode: false })).toMatchObject({ ok: true });
    });
  });

  describe('unknown_division (checked last)', () => {
    it('refuses a division that was never assigned', () => {
      const body = 'MA62K026';
      const input = withCheck(`92440108${body}${organizationCodeCheckCharacter(body)}`);
      expect(validateCreditCode(input)).toEqual({
        ok: false,
        reason: 'unknown_division',
        message: 'division code 440108 is not a GB/T 2260 division, current or historical',
      });
    });

    it('accepts province-level registering authorities', () => {
      expect(
        validateCreditCode(
          buildCreditCode({
            registrationAuthority: '9',
            entityCategory: '1',
            divisionCode: '440000',
            organizationBody: 'MA4UX1K2',
          }),
        ).ok,
      ).toBe(true);
    });
  });

  it('never repeats the input in a failure message', () => {
    const failing = [
      '91350100M000100Y44',
      '91350100m000100y43',
      withCheck('91350100M000100Y5'),
      withCheck('92440108MA62K0260'),
      '91350100M000100Y4',
    ];
    for (const input of failing) {
      const { message } = failureOf(validateCreditCode(input));
      expect(message).not.toContain(input);
      expect(message).not.toContain(input.slice(8, 17));
    }
  });
});

describe('creditCodeCheckCharacter', () => {
  it('throws a RangeError unless given 17 characters of the set', () => {
    for (const bad of ['91350100M000100Y', '91350100M000100Y43', '91350100M000100I4', '91350100m000100y4']) {
      expect(() => creditCodeCheckCharacter(bad), bad).toThrow(RangeError);
    }
  });

  it('has 31 characters without I, O, Z, S, V', () => {
    expect(CREDIT_CODE_CHARACTERS).toHaveLength(31);
    expect(CREDIT_CODE_CHARACTERS).not.toMatch(/[IOZSV]/);
  });
});

describe('property: every generated credit code validates and every single-character change is caught', () => {
  const AUTHORITIES = ['1', '5', '9', 'Y'];
  const CATEGORIES = ['1', '2', '3'];
  const DIVISIONS = ['350100', '512081', '110105', '440524', '370101', '440000', '442000', '659001'];
  const BODIES = ['M000100Y', 'MA62K026', '12345678', 'ABCDEFGH', 'PQRTUWXY', 'HJKLMN01', '0000000A', '40000000', 'MA4UX1K2'];
  /** 48 codes; the index arithmetic is the seed, so every run checks the same codes. */
  const codes = Array.from({ length: 48 }, (_unused, i) =>
    buildCreditCode({
      registrationAuthority: AUTHORITIES[i % AUTHORITIES.length] ?? '9',
      entityCategory: CATEGORIES[(i * 5) % CATEGORIES.length] ?? '1',
      divisionCode: DIVISIONS[(i * 3) % DIVISIONS.length] ?? '350100',
      organizationBody: BODIES[(i * 7) % BODIES.length] ?? 'M000100Y',
    }),
  );

  it('builds codes that validate', () => {
    for (const code of codes) {
      expect(validateCreditCode(code).ok, code).toBe(true);
    }
  });

  it('catches any single substituted character of the set', () => {
    let mutations = 0;
    for (const code of codes) {
      for (let position = 0; position < 18; position += 1) {
        for (const replacement of CREDIT_CODE_CHARACTERS) {
          if (replacement === code.charAt(position)) continue;
          const mutated = code.slice(0, position) + replacement + code.slice(position + 1);
          const inDivision = position >= 2 && position <= 7;
          const expectedReason = inDivision && !/\d/.test(replacement) ? 'bad_format' : 'bad_check_digit';
          expect(validateCreditCode(mutated), `${code} → ${mutated}`).toMatchObject({ ok: false, reason: expectedReason });
          mutations += 1;
        }
      }
    }
    expect(mutations).toBe(48 * 18 * 30);
  });
});
