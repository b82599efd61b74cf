import { describe, expect, it } from 'vitest';
import { containsPattern, normalizeAgencyName } from './agency-name';

describe('normalizeAgencyName', () => {
  it('normalises the traditional and simplified forms of 广州市公安局 to the same string', () => {
    expect(normalizeAgencyName('廣州市公安局')).toBe(normalizeAgencyName('广州市公安局'));
    expect(normalizeAgencyName('廣州市公安局')).toBe('广州市公安局');
  });

  it('normalises the traditional and simplified forms of 广东省人民政府 to the same string', () => {
    expect(normalizeAgencyName('廣東省人民政府')).toBe(normalizeAgencyName('广东省人民政府'));
    expect(normalizeAgencyName('廣東省人民政府')).toBe('广东省人民政府');
  });

  it('leaves a simplified name unchanged', () => {
    expect(normalizeAgencyName('广东省发展和改革委员会')).toBe('广东省发展和改革委员会');
  });

  it('keeps different agencies different', () => {
    expect(normalizeAgencyName('广州市公安局')).not.toBe(normalizeAgencyName('深圳市公安局'));
  });

  it('turns full-width digits and letters into lower-case half-width ones', () => {
    expect(normalizeAgencyName('第１２３ＡＢＣ号')).toBe('第123abc号');
  });

  it('removes ASCII, full-width (U+3000) and other whitespace', () => {
    expect(normalizeAgencyName(' 广州市 公安局\t')).toBe('广州市公安局');
    expect(normalizeAgencyName('广州市\u3000公安局')).toBe('广州市公安局');
    expect(normalizeAgencyName('廣州市\n公安局')).toBe('广州市公安局');
  });

  it('lower-cases Latin letters', () => {
    expect(normalizeAgencyName('GZ Police')).toBe('gzpolice');
  });

  it('is idempotent', () => {
    const once = normalizeAgencyName('廣東省 人民政府 ＧＤ');
    expect(normalizeAgencyName(once)).toBe(once);
  });
});

describe('containsPattern', () => {
  it('wraps the normalised query in % so it matches anywhere', () => {
    expect(containsPattern('廣州市 公安')).toBe('%广州市公安%');
  });

  it('escapes the LIKE wildcards % and _ in the query', () => {
    expect(containsPattern('100%')).toBe('%100\\%%');
    expect(containsPattern('a_b')).toBe('%a\\_b%');
  });

  it('escapes the escape character itself', () => {
    expect(containsPattern('a\\b')).toBe('%a\\\\b%');
  });

  it('escapes full-width wildcards after normalising them to their ASCII forms', () => {
    expect(containsPattern('５０％＿')).toBe('%50\\%\\_%');
  });

  it('leaves a query without wildcards unescaped', () => {
    expect(containsPattern('公安局')).toBe('%公安局%');
  });
});
