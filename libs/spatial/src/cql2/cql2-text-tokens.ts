import { Cql2Error, quoted } from './cql2-error';

/**
 * - `word`: a bare identifier or keyword, matched case-insensitively by the parser;
 * - `quoted`: a double-quoted property name, taken as written;
 * - `string`: a single-quoted literal, with its escapes undone;
 * - `symbol`: punctuation and comparison operators;
 * - `arithmetic`: `+ - * / % ^`, read only to be refused clearly.
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'symbol' | 'arithmetic' | 'end';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Offset of the token's first character in the filter. */
  readonly at: number;
}

/** Where a token is, as messages say it: characters counted from 1. */
export function positionOf(token: Token): string {
  return `at character ${token.at + 1}`;
}

export function syntaxError(token: Token, message: string): Cql2Error {
  return new Cql2Error('syntax', `${positionOf(token)}: ${message}`);
}

export function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the filter';
    case 'string':
      return 'a string';
    case 'quoted':
      return `property ${quoted(token.text)}`;
    default:
      return quoted(token.text);
  }
}

// identifierStart and identifierPart of the CQL2 grammar (Annex B), which take in CJK names.
const IDENTIFIER_START =
  ':_A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFE\\u200C-\\u200D' +
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
// Combining marks (U+0300–U+036F) get a class of their own: after a letter in the same class they
// would read as one combined character (ESLint's no-misleading-character-class).
const IDENTIFIER_PART = `[${IDENTIFIER_START}.0-9\\u203F-\\u2040]|[\\u0300-\\u036F]`;
const IDENTIFIER = new RegExp(`[${IDENTIFIER_START}](?:${IDENTIFIER_PART})*`, 'uy');
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const STARTS_NUMBER = /[+-]?\.?\d/y;
const COMPARISON = /<>|<=|>=|[=<>]/y;
const WHITESPACE = /\s/;

interface Read {
  readonly token: Token;
  readonly end: number;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    if (WHITESPACE.test(text.charAt(at))) {
      at += 1;
      continue;
    }
    const read = readToken(text, at);
    tokens.push(read.token);
    at = read.end;
  }
  tokens.push({ kind: 'end', text: '', at: text.length });
  return tokens;
}

function readToken(text: string, at: number): Read {
  const char = text.charAt(at);
  if (char === "'") return readString(text, at);
  if (char === '"') return readQuoted(text, at);
  if (char === '(' || char === ')' || char === ',') return { token: { kind: 'symbol', text: char, at }, end: at + 1 };
  // A sign joined to digits belongs to the number: WKT writes POINT(1 -2) with no operator between.
  if (matchesAt(STARTS_NUMBER, text, at)) return readNumber(text, at);
  const comparison = matchAt(COMPARISON, text, at);
  if (comparison !== undefined) return { token: { kind: 'symbol', text: comparison, at }, end: at + comparison.length };
  if ('+-*/%^'.includes(char)) return { token: { kind: 'arithmetic', text: char, at }, end: at + 1 };
  const word = matchAt(IDENTIFIER, text, at);
  if (word !== undefined) return { token: { kind: 'word', text: word, at }, end: at + word.length };
  throw new Cql2Error(
    'syntax',
    `at character ${at + 1}: unexpected character ${quoted(String.fromCodePoint(text.codePointAt(at) ?? 0))}`,
  );
}

/**
 * `'…'`, where `''` and `\'` are quotes (escapeQuote in the grammar). Other backslashes stay
 * in the value for LIKE to read, and `\\` stays as a pair so that `'a\\'` ends there: the
 * grammar can read that text either way, and only this way can a LIKE pattern end in an
 * escaped backslash.
 */
function readString(text: string, start: number): Read {
  let value = '';
  let at = start + 1;
  while (at < text.length) {
    const char = text.charAt(at);
    const next = text.charAt(at + 1);
    if (char === "'" && next !== "'") return { token: { kind: 'string', text: value, at: start }, end: at + 1 };
    if (char === "'" || (char === '\\' && next === "'")) {
      value += "'";
      at += 2;
    } else if (char === '\\' && next === '\\') {
      value += '\\\\';
      at += 2;
    } else {
      value += char;
      at += 1;
    }
  }
  throw new Cql2Error('syntax', `at character ${start + 1}: unterminated string`);
}

function readQuoted(text: string, start: number): Read {
  const close = text.indexOf('"', start + 1);
  if (close < 0) throw new Cql2Error('syntax', `at character ${start + 1}: unterminated quoted property name`);
  const name = text.slice(start + 1, close);
  if (name === '') throw new Cql2Error('syntax', `at character ${start + 1}: empty quoted property name`);
  return { token: { kind: 'quoted', text: name, at: start }, end: close + 1 };
}

function readNumber(text: string, at: number): Read {
  const number = matchAt(NUMBER, text, at);
  if (number === undefined) throw new Cql2Error('syntax', `at character ${at + 1}: malformed number`);
  if (!Number.isFinite(Number(number))) throw new Cql2Error('syntax', `at character ${at + 1}: number out of range`);
  return { token: { kind: 'number', text: number, at }, end: at + number.length };
}

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

function matchesAt(pattern: RegExp, text: string, at: number): boolean {
  return matchAt(pattern, text, at) !== undefined;
}

/** A cursor over the tokens, with the look-ahead the grammar needs (at most two tokens). */
export class TokenCursor {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token {
    const last = this.tokens[this.tokens.length - 1];
    const token = this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] ?? last;
    if (token === undefined) throw new Error('a token list always ends with an end token');
    return token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  /** Whether the token at `offset` is the bare word `word` (a keyword, in any letter case). */
  isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'word' && token.text.toUpperCase() === word;
  }

  isSymbol(symbol: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'symbol' && token.text === symbol;
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.next();
    return true;
  }

  acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.next();
    return true;
  }

  expectWord(word: string): Token {
    if (!this.isWord(word)) throw syntaxError(this.peek(), `expected ${word} but found ${describe(this.peek())}`);
    return this.next();
  }

  expectSymbol(symbol: string): Token {
    if (!this.isSymbol(symbol)) throw syntaxError(this.peek(), `expected '${symbol}' but found ${describe(this.peek())}`);
    return this.next();
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw syntaxError(token, `expected the end of the filter but found ${describe(token)}`);
  }
}
