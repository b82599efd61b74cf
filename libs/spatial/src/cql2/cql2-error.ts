/**
 * Why a filter was refused, for the endpoint to map onto its problem response:
 * - `syntax`: not CQL2, or a literal that is not a valid value (an unreal date, an open ring);
 * - `unknown_property`: a name that is not a queryable of the collection;
 * - `type`: operands that cannot meet, e.g. a string property compared with a number;
 * - `unsupported`: valid CQL2 outside the conformance classes this module claims;
 * - `too_complex`: over one of the limits in {@link CQL2_LIMITS}.
 */
export type Cql2ErrorRule = 'syntax' | 'unknown_property' | 'type' | 'unsupported' | 'too_complex';

export class Cql2Error extends Error {
  override readonly name = 'Cql2Error';

  constructor(
    readonly rule: Cql2ErrorRule,
    message: string,
  ) {
    super(message);
  }
}

/** Bounds on what one filter may ask of the parser and of the database. */
export const CQL2_LIMITS = {
  maxTextLength: 20_000,
  maxDepth: 50,
  maxInListLength: 1_000,
  maxGeometryPositions: 100_000,
} as const;

const MAX_QUOTED_LENGTH = 40;

/**
 * Quotes a piece of the client's input for an error message, cut short: messages are echoed
 * back to clients and into logs, and must not carry a whole filter.
 */
export function quoted(text: string): string {
  const chars = Array.from(text);
  const cut = chars.length > MAX_QUOTED_LENGTH ? `${chars.slice(0, MAX_QUOTED_LENGTH).join('')}…` : text;
  return JSON.stringify(cut);
}
