import { isKnownDivisionCode } from './divisions';
import { organizationCodeCheckCharacter } from './organization-code';
import { fail, succeed, type GbCodeResult } from './result';

/**
 * GB 32100-2015 法人和其他组织统一社会信用代码: registration authority (1), entity category (1),
 * registering authority's GB/T 2260 division (6), subject identifier = GB 11714 organisation code (9),
 * check character (1).
 */
export interface CreditCode {
  code: string;
  /** Position 1, e.g. 1 机构编制, 5 民政, 9 工商/市场监管, Y 其他. */
  registrationAuthority: string;
  /** Position 2, e.g. 1 企业, 2 个体工商户, 3 农民专业合作社 under authority 9. */
  entityCategory: string;
  /** Positions 3–8. */
  divisionCode: string;
  /** Positions 9–17: the organisation code, body and its own check character. */
  organizationCode: string;
}

export interface ValidateCreditCodeOptions {
  /**
   * Verify positions 9–17 as a GB 11714 organisation code. GB 32100 calls the subject identifier an
   * organisation code, so the default is true; turn it off only for sources known to carry identifiers
   * that were never real organisation codes.
   */
  checkOrganizationCode?: boolean;
}

/** GB 32100-2015 §4.1: 31 characters, no I, O, Z, S or V; a character's value is its index here. */
export const CREDIT_CODE_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100-2015 §4.3: Wᵢ = 3^(i−1) mod 31 for positions 1–17. */
const CHECK_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const MODULUS = 31;

const CREDIT_CODE_STRUCTURE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const FIRST_17_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{17}$/;

/**
 * Validates an 18-character unified social credit code. Nothing is trimmed.
 *
 * Lower-case letters are refused (`bad_charset`) rather than upper-cased: GB 32100 defines the code
 * with upper-case letters only, and a lower-case code usually means it was retyped by hand.
 *
 * Checks, in this order, first failure wins: length 18 (`bad_length`); every character in the
 * 31-character set (`bad_charset`); positions 3–8 digits (`bad_format`); the MOD 31 check character
 * (`bad_check_digit`); the GB 11714 check on positions 9–17 (`bad_org_code_check`); positions 3–8 a
 * GB/T 2260 division, current or retired (`unknown_division`): a code keeps its registering
 * authority's division even after that division is abolished.
 */
export function validateCreditCode(input: string, options: ValidateCreditCodeOptions = {}): GbCodeResult<CreditCode> {
  if (input.length !== 18) {
    return fail('bad_length', `credit code must be 18 characters, got ${input.length}`);
  }
  const charsetFailure = findCharsetFailure(input);
  if (charsetFailure !== undefined) {
    return fail('bad_charset', charsetFailure);
  }
  if (!CREDIT_CODE_STRUCTURE.test(input)) {
    return fail('bad_format', 'credit code positions 3-8 must be digits (a GB/T 2260 division code)');
  }
  const expected = creditCodeCheckCharacter(input.slice(0, 17));
  const actual = input.charAt(17);
  if (actual !== expected) {
    return fail('bad_check_digit', `check character is ${actual}, expected ${expected}`);
  }
  const organizationCode = input.slice(8, 17);
  if (options.checkOrganizationCode ?? true) {
    const expectedOrgCheck = organizationCodeCheckCharacter(organizationCode.slice(0, 8));
    const actualOrgCheck = organizationCode.charAt(8);
    if (actualOrgCheck !== expectedOrgCheck) {
      return fail('bad_org_code_check', `organisation code check character is ${actualOrgCheck}, expected ${expectedOrgCheck}`);
    }
  }
  const divisionCode = input.slice(2, 8);
  if (!isKnownDivisionCode(divisionCode)) {
    return fail('unknown_division', `division code ${divisionCode} is not a GB/T 2260 division, current or historical`);
  }
  return succeed({
    code: input,
    registrationAuthority: input.charAt(0),
    entityCategory: input.charAt(1),
    divisionCode,
    organizationCode,
  });
}

/**
 * GB 32100-2015 §4.3 check character: C₁₈ = (31 − Σ Cᵢ·Wᵢ mod 31) mod 31, mapped back through the
 * character set. Throws a RangeError unless `first17` is 17 characters of the set: a caller bug.
 */
export function creditCodeCheckCharacter(first17: string): string {
  if (!FIRST_17_PATTERN.test(first17)) {
    throw new RangeError('creditCodeCheckCharacter needs exactly 17 characters of the GB 32100 character set');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += CREDIT_CODE_CHARACTERS.indexOf(first17.charAt(i)) * (CHECK_WEIGHTS[i] ?? 0);
  }
  return CREDIT_CODE_CHARACTERS.charAt((MODULUS - (sum % MODULUS)) % MODULUS);
}

function findCharsetFailure(input: string): string | undefined {
  for (let i = 0; i < input.length; i += 1) {
    const character = input.charAt(i);
    if (CREDIT_CODE_CHARACTERS.includes(character)) continue;
    if (/[a-z]/.test(character)) {
      return `credit code letters must be upper case (position ${i + 1})`;
    }
    return `character at position ${i + 1} is not in the GB 32100 character set (no I, O, Z, S, V)`;
  }
  return undefined;
}
