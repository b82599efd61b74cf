import { describe, expect, it } from 'vitest';
import { Cql2Error } from './cql2-error';
import { checkLikePattern, toPostgresLikePattern } from './cql2-like';

describe('toPostgresLikePattern', () => {
  it.each([
    ['wildcards pass through', 'Smith%_', 'Smith%_'],
    ['an escaped percent stays escaped', '100\\%', '100\\%'],
    ['an escaped underscore stays escaped', 'a\\_b', 'a\\_b'],
    ['an escaped backslash stays escaped', 'C:\\\\', 'C:\\\\'],
    ['an escaped ordinary character is that character', '\\a\\中', 'a中'],
    ['quotes are ordinary characters', "O'Brien\\'s", "O'Brien's"],
    ['an empty pattern is empty', '', ''],
  ])('%s', (_, cql2, postgres) => {
    expect(toPostgresLikePattern(cql2)).toBe(postgres);
  });

  it('refuses a pattern ending in a lone escape, which PostgreSQL would fail on', () => {
    expect(() => toPostgresLikePattern('abc\\')).toThrow(Cql2Error);
    expect(() => toPostgresLikePattern('abc\\\\\\')).toThrow('a LIKE pattern cannot end with a lone escape character "\\"');
    expect(toPostgresLikePattern('abc\\\\')).toBe('abc\\\\');
  });
});

describe('checkLikePattern', () => {
  it('says where a dangling escape is', () => {
    expect(checkLikePattern('a\\\\', 'at /args/1')).toBe('a\\\\');
    expect(() => checkLikePattern('a\\', 'at /args/1')).toThrow(
      'at /args/1: a LIKE pattern cannot end with a lone escape character',
    );
  });
});
