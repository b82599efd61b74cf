import { describe, expect, it } from 'vitest';
import * as gbCodes from './index';

describe('@hutong/gb-codes public API', () => {
  it('exports the validators, generators, maskers and division helpers other libraries use', () => {
    const functions = [
      'validateCitizenId',
      'upgradeCitizenId15',
      'citizenIdCheckCharacter',
      'validateCreditCode',
      'creditCodeCheckCharacter',
      'organizationCodeCheckCharacter',
      'validateOrganizationCode',
      'lookupDivision',
      'validateDivisionCode',
      'childDivisions',
      'divisionAncestors',
      'divisionLevel',
      'isKnownDivisionCode',
      'buildCitizenId',
      'buildCreditCode',
      'maskCitizenId',
      'maskCreditCode',
    ] as const;
    for (const name of functions) {
      expect(typeof gbCodes[name], name).toBe('function');
    }
    expect(gbCodes.CREDIT_CODE_CHARACTERS).toBe('0123456789ABCDEFGHJKLMNPQRTUWXY');
  });

  it('does not expose the raw data or registry internals', () => {
    expect(Object.keys(gbCodes)).not.toContain('GBT2260_HISTORY_CSV');
    expect(Object.keys(gbCodes)).not.toContain('divisionRegistry');
  });
});
