/**
 * The filter language of dataset queries (`GET …/records?filter=`), small on purpose — everything
 * it can say is answered from an index:
 *
 *   filter    = condition *( "and" condition )
 *   condition = item ( "eq" / "lt" / "le" / "gt" / "ge" / "sw" ) value
 *             / item "in" "(" value *( "," value ) ")"
 *   value     = 'text' ('' is a quote inside) / number / true / false
 *
 * `sw` is "starts with". Operators and `and` are case-insensitive; item codes are the catalog's.
 * Example: `district eq '440103' and paid_months ge 12 and name sw '张'`. A hand-written parser
 * (no library): the grammar is six productions, and its errors must point at a position in
 * words a provider's developer understands — which general expression parsers do not give.
 */
export type ComparisonOperator = 'eq' | 'lt' | 'le' | 'gt' | 'ge' | 'sw';

export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean };

export type Condition =
  | { readonly item: string; readonly op: ComparisonOperator; readonly value: Literal; readonly position: number }
  | { readonly item: string; readonly op: 'in'; readonly values: readonly Literal[]; readonly position: number };

export const MAX_FILTER_LENGTH = 2000;
export const MAX_CONDITIONS = 10;
export const MAX_IN_VALUES = 100;

/** A filter that does not parse: what was expected, and where (0-based character position). */
export class FilterSyntaxError extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(message);
  }
}

type Token =
  | { readonly type: 'word'; readonly text: string; readonly position: number }
  | { readonly type: 'string'; readonly value: string; readonly position: number }
  | { readonly type: 'number'; readonly text: string; readonly position: number }
  | { readonly type: 'punct'; readonly text: '(' | ')' | ','; readonly position: number };

const COMPARISONS: ReadonlySet<string> = new Set(['eq', 'lt', 'le', 'gt', 'ge', 'sw']);

export function parseFilter(text: string): Condition[] {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new FilterSyntaxError(MAX_FILTER_LENGTH, `a filter is at most ${MAX_FILTER_LENGTH} characters`);
  }
  return new FilterParser(tokenize(text), text.length).filter();
}

/** Recursive descent over the tokens; `at` is the next token to read. */
class FilterParser {
  private at = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly end: number,
  ) {}

  filter(): Condition[] {
    const conditions: Condition[] = [this.condition()];
    for (let next = this.take(); next !== undefined; next = this.take()) {
      if (next.type !== 'word' || next.text.toLowerCase() !== 'and') {
        throw new FilterSyntaxError(next.position, 'expected "and" or the end of the filter');
      }
      if (conditions.length >= MAX_CONDITIONS) throw new FilterSyntaxError(next.position, `at most ${MAX_CONDITIONS} conditions`);
      conditions.push(this.condition());
    }
    return conditions;
  }

  private condition(): Condition {
    const itemToken = this.take();
    if (itemToken?.type !== 'word' || !/^[a-z][a-z0-9_]{0,62}$/.test(itemToken.text)) {
      throw new FilterSyntaxError(this.positionOf(itemToken), 'expected an item code (lower-case letters, digits, _)');
    }
    const opToken = this.take();
    const op = opToken?.type === 'word' ? opToken.text.toLowerCase() : '';
    if (op === 'in') return { item: itemToken.text, op: 'in', values: this.list(), position: itemToken.position };
    if (!isComparison(op)) {
      throw new FilterSyntaxError(this.positionOf(opToken), 'expected an operator: eq, lt, le, gt, ge, sw or in');
    }
    return { item: itemToken.text, op, value: literalOf(this.take(), this.end), position: itemToken.position };
  }

  private list(): Literal[] {
    const open = this.take();
    if (!isPunct(open, '(')) throw new FilterSyntaxError(this.positionOf(open), 'expected "(" after in');
    const values: Literal[] = [];
    for (;;) {
      const valueToken = this.take();
      values.push(literalOf(valueToken, this.end));
      if (values.length > MAX_IN_VALUES) {
        throw new FilterSyntaxError(this.positionOf(valueToken), `at most ${MAX_IN_VALUES} values in a list`);
      }
      const separator = this.take();
      if (isPunct(separator, ')')) return values;
      if (!isPunct(separator, ',')) throw new FilterSyntaxError(this.positionOf(separator), 'expected "," or ")"');
    }
  }

  private take(): Token | undefined {
    const token = this.tokens[this.at];
    this.at += 1;
    return token;
  }

  private positionOf(token: Token | undefined): number {
    return token?.position ?? this.end;
  }
}

function isComparison(op: string): op is ComparisonOperator {
  return COMPARISONS.has(op);
}

function literalOf(token: Token | undefined, end: number): Literal {
  if (token?.type === 'string') return { kind: 'string', value: token.value };
  if (token?.type === 'number') return { kind: 'number', text: token.text };
  if (token?.type === 'word' && /^(true|false)$/i.test(token.text)) {
    return { kind: 'boolean', value: token.text.toLowerCase() === 'true' };
  }
  throw new FilterSyntaxError(token?.position ?? end, "expected a value: 'text', a number, true or false");
}

function isPunct(token: Token | undefined, text: string): boolean {
  return token?.type === 'punct' && token.text === text;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const nul = text.indexOf('\0');
  if (nul >= 0) throw new FilterSyntaxError(nul, 'a filter cannot hold the NUL character');
  while (at < text.length) {
    const char = text.charAt(at);
    if (/\s/.test(char)) {
      at += 1;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ type: 'punct', text: char, position: at });
      at += 1;
    } else if (char === "'") {
      const start = at;
      let value = '';
      at += 1;
      for (;;) {
        if (at >= text.length) throw new FilterSyntaxError(start, 'a quoted value is not closed');
        const next = text.charAt(at);
        if (next === "'" && text.charAt(at + 1) === "'") {
          value += "'";
          at += 2;
        } else if (next === "'") {
          at += 1;
          break;
        } else {
          value += next;
          at += 1;
        }
      }
      tokens.push({ type: 'string', value, position: start });
    } else {
      const match = /^(-?\d+(?:\.\d+)?)(?![\w.])|^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at));
      if (!match) throw new FilterSyntaxError(at, `unexpected character ${JSON.stringify(char)}`);
      const [word] = match;
      tokens.push(
        match[1] !== undefined ? { type: 'number', text: word, position: at } : { type: 'word', text: word, position: at },
      );
      at += word.length;
    }
  }
  return tokens;
}
