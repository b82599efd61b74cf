import { describe, expect, it } from 'vitest';
import { hasNestedUnboundedRepetition } from './pattern-safety';

describe('hasNestedUnboundedRepetition', () => {
  it.each(['^(a+)+$', '^(\\d*)*$', '^([a-z]+\\s?)+$', '((ab)*c)+', '^(a{1,1000}){2,}$'])('refuses %s', (pattern) => {
    expect(hasNestedUnboundedRepetition(pattern)).toBe(true);
  });

  it.each([
    '^[A-T]([0-9]{2}([0-9]{1,2})?)?$',
    '^\\d{2}(\\d{2})?$',
    '^[0-9]{4}-(0[1-9]|1[0-2])$',
    '^[0-9A-Z]{20}$',
    '^a+$',
    '^(ab)+c*$',
    '^\\p{Script=Han}+$',
  ])('accepts %s', (pattern) => {
    expect(hasNestedUnboundedRepetition(pattern)).toBe(false);
  });
});
