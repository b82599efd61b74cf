import { chinaCalendarDate, compareDates, formatIsoDate, parseCompactDate } from './calendar-date';
import { isKnownDivisionCode } from './divisions';
import { fail, succeed, type GbCodeResult } from './result';

/**
 * GB 11643-1999 公民身份号码: 6-digit address code (GB/T 2260), 8-digit birth date (GB/T 7408),
 * 3-digit sequence (odd for men, even for women), 1 check character (ISO 7064 MOD 11-2).
 */
export interface CitizenId {
  /** Normalised: a trailing lower-case `x` is returned as `X`. */
  id: string;
  divisionCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
  /** The 3-digit sequence number, positions 15–17. */
  sequence: string;
}

export interface ValidateCitizenIdOptions {
  /** The instant "now" for the not-in-the-future rule; defaults to the current time. */
  today?: Date;
}

/** GB 11643-1999 §6 (ISO 7064 MOD 11-2): Wᵢ = 2^(17−i) mod 11 for positions 1–17. */
const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for S mod 11 = 0…10. */
const CHECK_CHARACTERS = '10X98765432';
/** Dates before 1800 cannot belong to a living resident; they are typing errors. */
const EARLIEST_BIRTH_YEAR = 1800;

const CITIZEN_ID_PATTERN = /^\d{17}[\dX]$/;
const FIRST_17_PATTERN = /^\d{17}$/;
const LEGACY_15_PATTERN = /^\d{15}$/;

/**
 * Validates an 18-character citizen ID. Nothing is trimmed: surrounding whitespace is an error.
 *
 * Checks, in this order, first failure wins:
 * 1. length 18 (`bad_length`);
 * 2. `^\d{17}[\dX]$` after upper-casing a final `x` (`bad_format`);
 * 3. the MOD 11-2 check character (`bad_check_digit`): done before the semantic checks because it
 *    catches every single-character typo, so a mistyped ID is reported as mistyped;
 * 4. a real calendar birth date from 1800 on (`bad_date`);
 * 5. a birth date not after today in China Standard Time (`future_date`);
 * 6. an address code ever assigned in GB/T 2260, retired codes included (`unknown_division`):
 *    an ID keeps the code assigned at registration for life.
 */
export function validateCitizenId(input: string, options: ValidateCitizenIdOptions = {}): GbCodeResult<CitizenId> {
  if (input.length !== 18) {
    return fail('bad_length', `citizen ID must be 18 characters, got ${input.length}`);
  }
  const id = normaliseCheckCharacter(input);
  if (!CITIZEN_ID_PATTERN.test(id)) {
    return fail('bad_format', 'citizen ID must be 17 digits followed by a digit or X');
  }
  const expected = citizenIdCheckCharacter(id.slice(0, 17));
  const actual = id.charAt(17);
  if (actual !== expected) {
    return fail('bad_check_digit', `check character is ${actual}, expected ${expected}`);
  }
  const birthDate = parseCompactDate(id.slice(6, 14));
  if (birthDate === undefined || birthDate.year < EARLIEST_BIRTH_YEAR) {
    return fail('bad_date', 'birth date is not a real calendar date from 1800 on');
  }
  if (compareDates(birthDate, chinaCalendarDate(options.today ?? new Date())) > 0) {
    return fail('future_date', 'birth date is in the future');
  }
  const divisionCode = id.slice(0, 6);
  if (!isKnownDivisionCode(divisionCode)) {
    return fail('unknown_division', `address code ${divisionCode} is not a GB/T 2260 division, current or historical`);
  }
  const sequence = id.slice(14, 17);
  return succeed({
    id,
    divisionCode,
    birthDate: formatIsoDate(birthDate),
    sex: Number(sequence) % 2 === 1 ? 'male' : 'female',
    sequence,
  });
}

/**
 * ISO 7064 MOD 11-2 check character for the first 17 digits (GB 11643-1999 §6).
 * Throws a RangeError unless `first17` is exactly 17 digits: computing a check character for
 * anything else is a caller bug.
 */
export function citizenIdCheckCharacter(first17: string): string {
  if (!FIRST_17_PATTERN.test(first17)) {
    throw new RangeError('citizenIdCheckCharacter needs exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += Number(first17.charAt(i)) * (CHECK_WEIGHTS[i] ?? 0);
  }
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/**
 * Upgrades a 15-digit ID (GB 11643-1989, births 1900–1999) to 18 characters: insert "19" after the
 * address code, append the check character, then validate the result like any 18-character ID.
 */
export function upgradeCitizenId15(input: string, options: ValidateCitizenIdOptions = {}): GbCodeResult<string> {
  if (input.length !== 15) {
    return fail('bad_length', `a 15-digit citizen ID must be 15 characters, got ${input.length}`);
  }
  if (!LEGACY_15_PATTERN.test(input)) {
    return fail('bad_format', 'a 15-digit citizen ID must contain digits only');
  }
  const first17 = `${input.slice(0, 6)}19${input.slice(6)}`;
  const upgraded = validateCitizenId(first17 + citizenIdCheckCharacter(first17), options);
  return upgraded.ok ? succeed(upgraded.value.id) : upgraded;
}

/** GB 11643 uses only an upper-case X; a lower-case x is a common keyboard variant of the same ID. */
function normaliseCheckCharacter(input: string): string {
  return input.endsWith('x') ? `${input.slice(0, 17)}X` : input;
}
