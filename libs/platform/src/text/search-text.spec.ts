import { describe, expect, it } from 'vitest';
import { containsPattern, normalizeSearchText, searchBigrams } from './search-text';

describe('normalizeSearchText', () => {
  it('normalises the traditional and simplified forms of 广州市公安局 to the same string', () => {
    expect(normalizeSearchText('廣州市公安局')).toBe(normalizeSearchText('广州市公安局'));
    expect(normalizeSearchText('廣州市公安局')).toBe('广州市公安局');
  });

  it('normalises the traditional and simplified forms of 广东省人民政府 to the same string', () => {
    expect(normalizeSearchText('廣東省人民政府')).toBe(normalizeSearchText('广东省人民政府'));
    expect(normalizeSearchText('廣東省人民政府')).toBe('广东省人民政府');
  });

  it('leaves a simplified name unchanged', () => {
    expect(normalizeSearchText('广东省发展和改革委员会')).toBe('广东省发展和改革委员会');
  });

  it('keeps different agencies different', () => {
    expect(normalizeSearchText('广州市公安局')).not.toBe(normalizeSearchText('深圳市公安局'));
  });

  it('turns full-width digits and letters into lower-case half-width ones', () => {
    expect(normalizeSearchText('第１２３ＡＢＣ号')).toBe('第123abc号');
  });

  it('removes ASCII, full-width (U+3000) and other whitespace', () => {
    expect(normalizeSearchText(' 广州市 公安局\t')).toBe('广州市公安局');
    expect(normalizeSearchText('广州市\u3000公安局')).toBe('广州市公安局');
    expect(normalizeSearchText('廣州市\n公安局')).toBe('广州市公安局');
  });

  it('lower-cases Latin letters', () => {
    expect(normalizeSearchText('GZ Police')).toBe('gzpolice');
  });

  it('is idempotent', () => {
    const once = normalizeSearchText('廣東省 人民政府 ＧＤ');
    expect(normalizeSearchText(once)).toBe(once);
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

describe('searchBigrams', () => {
  it('splits normalised text into distinct character pairs, traditional and simplified alike', () => {
    expect(searchBigrams('人口基础')).toEqual(['人口', '口基', '基础']);
    expect(searchBigrams('人口基礎')).toEqual(searchBigrams('人口基础'));
  });

  it('has nothing for one character and no duplicates for repeats', () => {
    expect(searchBigrams('人')).toEqual([]);
    expect(searchBigrams('哈哈哈')).toEqual(['哈哈']);
  });
});
