import { describe, expect, it } from 'vitest';
import { FilterSyntaxError, MAX_CONDITIONS, parseFilter } from './filter-language';

const errorOf = (text: string): FilterSyntaxError => {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed`);
};

describe('parseFilter', () => {
  it('reads comparisons, lists and prefixes joined by and, with their positions', () => {
    expect(
      parseFilter("district eq '440106' AND paid_months GE 12 and insurance_type in ('pension','medical') and name sw '张'"),
    ).toEqual([
      { item: 'district', op: 'eq', value: { kind: 'string', value: '440106' }, position: 0 },
      { item: 'paid_months', op: 'ge', value: { kind: 'number', text: '12' }, position: 25 },
      {
        item: 'insurance_type',
        op: 'in',
        values: [
          { kind: 'string', value: 'pension' },
          { kind: 'string', value: 'medical' },
        ],
        position: 47,
      },
      { item: 'name', op: 'sw', value: { kind: 'string', value: '张' }, position: 91 },
    ]);
  });

  it("reads '' as a quote, negative and decimal numbers, and booleans", () => {
    expect(parseFilter("a eq 'O''Brien' and b lt -3.25 and c eq TRUE")).toEqual([
      { item: 'a', op: 'eq', value: { kind: 'string', value: "O'Brien" }, position: 0 },
      { item: 'b', op: 'lt', value: { kind: 'number', text: '-3.25' }, position: 20 },
      { item: 'c', op: 'eq', value: { kind: 'boolean', value: true }, position: 35 },
    ]);
  });

  it.each([
    ["a eq 'x' or b eq 'y'", 9, 'expected "and"'],
    ["a eq 'x", 5, 'not closed'],
    ['a ne 1', 2, 'expected an operator'],
    ['A eq 1', 0, 'item code'],
    ["a in ('x' 'y')", 10, 'expected ","'],
    ['a in 1', 5, 'expected "("'],
    ['a eq', 4, 'expected a value'],
    ['a eq 1 and', 10, 'item code'],
    ['a eq 1; drop table x', 6, 'unexpected character'],
    ['a eq 12abc', 5, 'unexpected character'],
  ])('refuses %j at position %i', (text, position, message) => {
    const error = errorOf(text);
    expect(error.position).toBe(position);
    expect(error.message).toContain(message);
  });

  it('bounds the conditions and the list length', () => {
    const many = Array.from({ length: MAX_CONDITIONS + 1 }, (_, i) => `a${i} eq 1`).join(' and ');
    expect(errorOf(many).message).toContain(`at most ${MAX_CONDITIONS}`);
    expect(errorOf(`a in (${Array.from({ length: 101 }, (_, i) => i).join(',')})`).message).toContain('at most 100');
    expect(errorOf('x'.repeat(2001)).message).toContain('at most 2000');
  });
});
