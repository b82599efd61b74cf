export type DivisionLevel = 'province' | 'prefecture' | 'county';

const DIVISION_CODE = /^\d{6}$/;

export function isDivisionCodeShape(code: string): boolean {
  return DIVISION_CODE.test(code);
}

/**
 * The level follows from the code structure alone (GB/T 2260 §4: two digits each for province,
 * prefecture and county): `xx0000` is a province-level unit, `xxyy00` a prefecture-level unit and
 * anything else county level. It does not say whether the code was ever assigned.
 */
export function levelOfDivisionCode(code: string): DivisionLevel {
  if (!isDivisionCodeShape(code)) {
    throw new RangeError('a GB/T 2260 division code is exactly 6 digits');
  }
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'prefecture';
  return 'county';
}
