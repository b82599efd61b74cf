import { describe, expect, it } from 'vitest';
import { hasNonXmlCharacter, hasUnstorableText } from './storable-text';

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

describe('hasNonXmlCharacter', () => {
  it('finds the control characters XML 1.0 forbids, in values and keys', () => {
    expect(hasNonXmlCharacter('line\u000Bbreak')).toBe(true);
    expect(hasNonXmlCharacter({ name: ['ok', 'esc\u001B'] })).toBe(true);
    expect(hasNonXmlCharacter({ ['k\u0001']: 1 })).toBe(true);
    expect(hasNonXmlCharacter('\uFFFE')).toBe(true);
  });

  it('passes tab, line feed, carriage return and ordinary text', () => {
    expect(hasNonXmlCharacter('a\tb\r\nc 天河 😀')).toBe(false);
    expect(hasNonXmlCharacter(7)).toBe(false);
  });
});
