export {
  citizenIdCheckCharacter,
  upgradeCitizenId15,
  validateCitizenId,
  type CitizenId,
  type ValidateCitizenIdOptions,
} from './citizen-id';
export {
  CREDIT_CODE_CHARACTERS,
  creditCodeCheckCharacter,
  validateCreditCode,
  type CreditCode,
  type ValidateCreditCodeOptions,
} from './credit-code';
export { type DivisionLevel } from './division-level';
export {
  childDivisions,
  divisionAncestors,
  divisionLevel,
  isKnownDivisionCode,
  lookupDivision,
  validateDivisionCode,
  type Division,
  type LookupDivisionOptions,
  type ValidateDivisionOptions,
} from './divisions';
export { buildCitizenId, buildCreditCode, type CitizenIdParts, type CreditCodeParts } from './generators';
export { maskCitizenId, maskCreditCode } from './mask';
export { organizationCodeCheckCharacter, validateOrganizationCode } from './organization-code';
export { type GbCodeFailure, type GbCodeFailureReason, type GbCodeResult, type GbCodeSuccess } from './result';
