import { describe, expect, it } from 'vitest';
import { negotiate } from './media-negotiation';

const OFFERED = ['application/ld+json', 'text/turtle', 'application/json'];

describe('negotiate', () => {
  it.each([
    [undefined, 'application/ld+json'],
    ['*/*', 'application/ld+json'],
    ['text/turtle', 'text/turtle'],
    ['text/*', 'text/turtle'],
    ['application/json', 'application/json'],
    ['text/turtle;q=0.5, application/ld+json', 'application/ld+json'],
    ['application/ld+json;q=0.2, text/turtle;q=0.9', 'text/turtle'],
    ['*/*;q=0.1, text/turtle;q=0', 'application/ld+json'],
    ['application/rdf+xml', undefined],
  ])('Accept %s → %s', (accept, expected) => {
    expect(negotiate(accept, OFFERED)).toBe(expected);
  });
});
