import { parseCompactDate } from './calendar-date';
import { citizenIdCheckCharacter } from './citizen-id';
import { CREDIT_CODE_CHARACTERS, creditCodeCheckCharacter } from './credit-code';
import { isDivisionCodeShape } from './division-level';
import { organizationCodeCheckCharacter } from './organization-code';

/**
 * Deterministic builders for test fixtures and seed data: the same parts always give the same code,
 * and there is no randomness inside (callers pick the parts).
 *
 * They check only the shape of the parts and throw a RangeError on a malformed part (a bug in the
 * fixture). They do not check that the division exists or that the date is in the past, so tests can
 * build deliberately invalid identifiers; run the validators on the result when that matters.
 */

export interface CitizenIdParts {
  /** 6-digit GB/T 2260 address code. */
  divisionCode: string;
  /** YYYY-MM-DD, a real calendar date. */
  birthDate: string;
  /** 0–999; odd for a man, even for a woman (GB 11643 §5.3). */
  sequence: number;
}

export interface CreditCodeParts {
  /** Position 1, one character of the GB 32100 set. */
  registrationAuthority: string;
  /** Position 2, one character of the GB 32100 set. */
  entityCategory: string;
  /** Positions 3–8. */
  divisionCode: string;
  /** The 8-character organisation code body (positions 9–16); its check character is computed. */
  organizationBody: string;
}

export function buildCitizenId(parts: CitizenIdParts): string {
  if (!isDivisionCodeShape(parts.divisionCode)) {
    throw new RangeError('divisionCode must be 6 digits');
  }
  const compactDate = /^\d{4}-\d{2}-\d{2}$/.test(parts.birthDate) ? parts.birthDate.replaceAll('-', '') : '';
  if (parseCompactDate(compactDate) === undefined) {
    throw new RangeError('birthDate must be a real YYYY-MM-DD date');
  }
  if (!Number.isInteger(parts.sequence) || parts.sequence < 0 || parts.sequence > 999) {
    throw new RangeError('sequence must be an integer from 0 to 999');
  }
  const first17 = `${parts.divisionCode}${compactDate}${String(parts.sequence).padStart(3, '0')}`;
  return first17 + citizenIdCheckCharacter(first17);
}

export function buildCreditCode(parts: CreditCodeParts): string {
  for (const [name, value] of [
    ['registrationAuthority', parts.registrationAuthority],
    ['entityCategory', parts.entityCategory],
  ] as const) {
    if (value.length !== 1 || !CREDIT_CODE_CHARACTERS.includes(value)) {
      throw new RangeError(`${name} must be one character of the GB 32100 character set`);
    }
  }
  if (!isDivisionCodeShape(parts.divisionCode)) {
    throw new RangeError('divisionCode must be 6 digits');
  }
  const body = parts.organizationBody;
  if (body.length !== 8 || [...body].some((character) => !CREDIT_CODE_CHARACTERS.includes(character))) {
    throw new RangeError('organizationBody must be 8 characters of the GB 32100 character set');
  }
  const first17 =
    parts.registrationAuthority + parts.entityCategory + parts.divisionCode + body + organizationCodeCheckCharacter(body);
  return first17 + creditCodeCheckCharacter(first17);
}
