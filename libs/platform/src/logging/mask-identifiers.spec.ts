import { describe, expect, it } from 'vitest';
import { maskIdentifiers } from './mask-identifiers';

describe('maskIdentifiers', () => {
  it('masks an 18-character citizen ID wherever it appears, keeping region and last four', () => {
    expect(maskIdentifiers('/persons/11010519491231002X/history')).toBe('/persons/110105********002X/history');
    expect(maskIdentifiers('id=440524188001010014&x=1')).toBe('id=440524********0014&x=1');
  });

  it('masks a lower-case x check character too', () => {
    expect(maskIdentifiers('11010519491231002x')).toBe('110105********002x');
  });

  it('masks a 15-digit legacy citizen ID', () => {
    expect(maskIdentifiers('old 110105491231002 id')).toBe('old 110105******002 id');
  });

  it('masks a unified social credit code', () => {
    expect(maskIdentifiers('/legal-persons/91350100M000100Y43')).toBe('/legal-persons/91350100******0Y43');
  });

  it('leaves shorter numbers, UUIDs and ordinary text alone', () => {
    const text = 'request 6a320557-692f-4735-8876-29a38ab95ae5 took 1234567 µs for division 440103';
    expect(maskIdentifiers(text)).toBe(text);
  });

  it('does not mask digits that are part of a longer token', () => {
    expect(maskIdentifiers('a11010519491231002X9')).toBe('a11010519491231002X9');
  });
});
