import { describe, expect, it } from 'vitest';
import { isDivisionCodeShape, levelOfDivisionCode } from './division-level';

describe('levelOfDivisionCode', () => {
  it.each([
    ['440000', 'province'],
    ['110000', 'province'],
    ['440100', 'prefecture'],
    ['442000', 'prefecture'],
    ['440103', 'county'],
    ['110105', 'county'],
    ['429004', 'county'],
  ])('%s is %s level', (code, level) => {
    expect(levelOfDivisionCode(code)).toBe(level);
  });

  it.each(['44010', '4401030', '44O103', ' 440103', ''])('throws a RangeError on %j', (code) => {
    expect(() => levelOfDivisionCode(code)).toThrow(RangeError);
  });

  it('recognises the 6-digit shape only', () => {
    expect(isDivisionCodeShape('440103')).toBe(true);
    expect(isDivisionCodeShape('４４０１０３')).toBe(false);
    expect(isDivisionCodeShape('440103\n')).toBe(false);
  });
});
