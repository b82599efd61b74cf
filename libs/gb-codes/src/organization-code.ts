import { fail, succeed, type GbCodeResult } from './result';

/**
 * GB 11714-1997 全国组织机构代码: an 8-character body (digits and upper-case letters) and a check
 * character. It survives inside the unified social credit code as positions 9–17 (the 主体标识码).
 */

/** GB 11714 §5 weights for body positions 1–8. */
const BODY_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const BODY_PATTERN = /^[0-9A-Z]{8}$/;
const ORGANIZATION_CODE_PATTERN = /^[0-9A-Z]{8}[0-9X]$/;

/**
 * Check character for an 8-character body: digits count as their value and A–Z as 10–35;
 * C = 11 − (Σ value·weight mod 11), written `X` for 10 and `0` for 11.
 * Throws a RangeError unless `first8` is 8 characters of [0-9A-Z]: that is a caller bug.
 */
export function organizationCodeCheckCharacter(first8: string): string {
  if (!BODY_PATTERN.test(first8)) {
    throw new RangeError('organizationCodeCheckCharacter needs exactly 8 characters of 0-9 or A-Z');
  }
  let sum = 0;
  for (let i = 0; i < 8; i += 1) {
    sum += characterValue(first8.charAt(i)) * (BODY_WEIGHTS[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  if (check === 11) return '0';
  return String(check);
}

/** Validates a bare 9-character organisation code (no hyphen), returning it unchanged. */
export function validateOrganizationCode(input: string): GbCodeResult<string> {
  if (input.length !== 9) {
    return fail('bad_length', `organisation code must be 9 characters, got ${input.length}`);
  }
  if (!ORGANIZATION_CODE_PATTERN.test(input)) {
    return fail('bad_format', 'organisation code must be 8 digits or upper-case letters and a digit or X');
  }
  const expected = organizationCodeCheckCharacter(input.slice(0, 8));
  const actual = input.charAt(8);
  if (actual !== expected) {
    return fail('bad_org_code_check', `organisation code check character is ${actual}, expected ${expected}`);
  }
  return succeed(input);
}

function characterValue(character: string): number {
  return Number.parseInt(character, 36);
}
