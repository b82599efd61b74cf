import tokenizer, { types, type Root, type Token } from 'ret';

/** A repetition allowing more than this counts as unbounded: (a{1,1000}){1,1000} backtracks like (a+)+. */
const UNBOUNDED_ABOVE = 100;

/**
 * Does the pattern nest an unbounded repetition inside another — (a+)+, (\d*)*, ([a-z]+\s?)+ — the
 * shape that makes a backtracking engine take exponential time on a near miss? Bounded ones such
 * as ^[A-T]([0-9]{2}([0-9]{1,2})?)?$ are fine. Parsed with `ret` (the tokenizer safe-regex uses);
 * safe-regex itself counts every quantifier, `?` and `{2}` too, and refuses such code patterns. A
 * pattern `ret` cannot read (Unicode property escapes) is let through: RegExp already accepted it.
 * Overlapping alternatives under one repetition, such as (x|x)*, are not detected.
 */
export function hasNestedUnboundedRepetition(pattern: string): boolean {
  let root: Root;
  try {
    root = tokenizer(pattern);
  } catch {
    return false;
  }
  return nests(root, false);
}

function nests(token: Token | Root, insideUnbounded: boolean): boolean {
  switch (token.type) {
    case types.REPETITION: {
      const unbounded = token.max > UNBOUNDED_ABOVE;
      if (unbounded && insideUnbounded) return true;
      return nests(token.value, insideUnbounded || unbounded);
    }
    case types.ROOT:
    case types.GROUP:
      return [...(token.stack ?? []), ...(token.options ?? []).flat()].some((member) => nests(member, insideUnbounded));
    default:
      return false;
  }
}
