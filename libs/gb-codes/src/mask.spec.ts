import { describe, expect, it } from 'vitest';
import { maskCitizenId, maskCreditCode } from './mask';

describe('maskCitizenId', () => {
  it('keeps the first 6 and last 4 characters of an 18-character ID, with exactly 8 asterisks', () => {
    expect(maskCitizenId('44010319900101123X')).toBe('440103********123X');
    expect(maskCitizenId('11010519491231002X')).toBe('110105********002X');
  });

  it('hides the whole birth date', () => {
    const masked = maskCitizenId('11010519491231002X');
    expect(masked).not.toContain('1949');
    expect(masked).not.toContain('1231');
  });

  it('keeps first 6 and last 4 of a 15-digit ID too', () => {
    expect(maskCitizenId('110105491231002')).toBe('110105*****1002');
  });

  it('masks values too short to keep both ends completely, and never throws', () => {
    expect(maskCitizenId('1101051949')).toBe('**********');
    expect(maskCitizenId('')).toBe('');
  });
});

describe('maskCreditCode', () => {
  it('keeps the authority, category and division (first 8) and the last 4, with exactly 6 asterisks', () => {
    expect(maskCreditCode('91350100M000100Y43')).toBe('91350100******0Y43');
  });

  it('masks short values completely', () => {
    expect(maskCreditCode('913501000Y43')).toBe('************');
  });
});
