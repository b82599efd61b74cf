import { describe, expect, it } from 'vitest';
import { hasUnstorableText } from './storable-text';

describe('hasUnstorableText', () => {
  it('finds NUL characters and unpaired surrogates anywhere in a value', () => {
    expect(hasUnstorableText('a\u0000b')).toBe(true);
    expect(hasUnstorableText('\ud800')).toBe(true);
    expect(hasUnstorableText('x\udc00')).toBe(true);
    expect(hasUnstorableText({ properties: { street: ['ok', 'bad\u0000'] } })).toBe(true);
    expect(hasUnstorableText({ ['k\u0000']: 1 })).toBe(true);
  });

  it('passes ordinary text, paired surrogates (emoji, rare CJK) and non-text values', () => {
    expect(hasUnstorableText('天河路208号 😀 𠮷')).toBe(false);
    expect(hasUnstorableText({ a: [1, true, null, { b: '张伟' }] })).toBe(false);
    expect(hasUnstorableText(42)).toBe(false);
  });
});
