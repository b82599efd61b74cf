import { describe, expect, it } from 'vitest';
import { CkanError } from './ckan-error';
import { isFieldedQuery, parseCkanQuery } from './ckan-query';

const since = { at: new Date('2024-05-01T08:00:00.123Z'), inclusive: true };

describe('parseCkanQuery', () => {
  it("reads ckanext-harvest's incremental filter, with Python's microseconds", () => {
    expect(parseCkanQuery('metadata_modified:[2024-05-01T08:00:00.123456Z TO *]', 'fq')).toEqual({
      op: 'range',
      field: 'modified',
      from: since,
      to: null,
    });
  });

  it('requires side-by-side clauses and lets OR bind them first, as the harvester means its filter list', () => {
    expect(
      parseCkanQuery('organization:abc OR organization:def metadata_modified:[2024-05-01T08:00:00.123Z TO *]', 'fq'),
    ).toEqual({
      op: 'and',
      of: [
        {
          op: 'or',
          of: [
            { op: 'equals', field: 'provider', value: 'ABC' },
            { op: 'equals', field: 'provider', value: 'DEF' },
          ],
        },
        { op: 'range', field: 'modified', from: since, to: null },
      ],
    });
  });

  it('keeps AND tighter than OR, and reads negation, groups and quotes', () => {
    expect(parseCkanQuery('tags:a AND tags:b OR -(owner_org:"x y")', 'fq')).toEqual({
      op: 'or',
      of: [
        {
          op: 'and',
          of: [
            { op: 'equals', field: 'keyword', value: 'a' },
            { op: 'equals', field: 'keyword', value: 'b' },
          ],
        },
        { op: 'not', of: { op: 'equals', field: 'provider', value: 'X Y' } },
      ],
    });
  });

  it('maps names to codes, ids to UUIDs, and knows there are no groups', () => {
    expect(parseCkanQuery('name:101001-000001', 'fq')).toEqual({ op: 'equals', field: 'code', value: '101001/000001' });
    expect(parseCkanQuery('name:not-a-code', 'fq')).toEqual({ op: 'none' });
    expect(parseCkanQuery('id:ABC', 'fq')).toEqual({ op: 'equals', field: 'uuid', value: 'abc' });
    expect(parseCkanQuery('-groups:x', 'fq')).toEqual({ op: 'not', of: { op: 'none' } });
    expect(parseCkanQuery('--tags:x', 'fq')).toEqual({ op: 'equals', field: 'keyword', value: 'x' });
  });

  it.each([
    ['an unknown field', 'secret:x'],
    ['a bad date', 'metadata_modified:[yesterday TO *]'],
    ['an unbalanced parenthesis', '(tags:a'],
    ['an unterminated range', 'metadata_modified:[2024-01-01 TO'],
    ['a dangling operator', 'tags:a OR'],
    ['a field group', 'organization:(a OR b)'],
    ['deep nesting', `${'('.repeat(40)}tags:a${')'.repeat(40)}`],
  ])('refuses %s as a CKAN validation error on the parameter', (_, fq) => {
    const error = (() => {
      try {
        parseCkanQuery(fq, 'fq');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CkanError);
    expect((error as CkanError).type).toBe('Validation Error');
    expect(Object.keys((error as CkanError).fields)).toEqual(['fq']);
  });

  it('tells fielded queries from free text', () => {
    expect(isFieldedQuery('tags:统计')).toBe(true);
    expect(isFieldedQuery('-organization:x')).toBe(true);
    expect(isFieldedQuery('人口 统计')).toBe(false);
  });
});
