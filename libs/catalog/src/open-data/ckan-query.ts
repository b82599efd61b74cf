import type { OpenEntryCondition } from './open-entry.repository';
import { CkanError } from './ckan-error';
import { codeOfSlug } from './open-entry';
import { parseTimestamp } from './timestamp';

const MAX_LENGTH = 2000;
const MAX_DEPTH = 16;

/**
 * Reads the subset of Solr query syntax CKAN clients send in `fq` (and fielded `q`):
 * `field:value`, `field:"quoted value"`, ranges `[a TO b]` / `{a TO b}` with `*` and `NOW`,
 * `-`/`NOT` negation, `AND`, `OR` and parentheses.
 *
 * Clauses written side by side are all required: CKAN runs Solr with `q.op=AND`, and
 * ckanext-harvest joins its filters with spaces — `organization:a OR organization:b
 * metadata_modified:[… TO *]` means "from a or b, and modified since". So juxtaposition binds
 * loosest, then OR, then AND, as in boolean algebra.
 */
export function parseCkanQuery(text: string, parameter: string): OpenEntryCondition {
  if (text.length > MAX_LENGTH) throw CkanError.invalid(parameter, `longer than ${MAX_LENGTH} characters`);
  const parser = new Parser(tokenize(text, parameter), parameter);
  const condition = parser.clauses(0);
  parser.expectEnd();
  return condition;
}

/** A `q` with a field in it is a query like `fq`; anything else is free text. */
export function isFieldedQuery(q: string): boolean {
  return /^\s*[-+!(]*\s*([A-Za-z_]+|\*):/.test(q);
}

type Token = { readonly kind: 'and' | 'or' | 'not' | 'open' | 'close' } | { readonly kind: 'term'; readonly text: string };

function tokenize(text: string, parameter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close' });
      i += 1;
    } else if (text.startsWith('&&', i) || text.startsWith('||', i)) {
      tokens.push({ kind: c === '&' ? 'and' : 'or' });
      i += 2;
    } else if ((c === '-' || c === '!' || c === '+') && text.charAt(i + 1) === '(') {
      if (c !== '+') tokens.push({ kind: 'not' });
      i += 1;
    } else {
      const end = termEnd(text, i, parameter);
      const word = text.slice(i, end);
      if (word === 'AND' || word === 'OR' || word === 'NOT')
        tokens.push({ kind: word === 'AND' ? 'and' : word === 'OR' ? 'or' : 'not' });
      else tokens.push({ kind: 'term', text: word });
      i = end;
    }
  }
  return tokens;
}

/** Where a term ends: at whitespace or ")" outside quotes and range brackets. */
function termEnd(text: string, start: number, parameter: string): number {
  let i = start;
  let closing: string | undefined;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (closing !== undefined) {
      if (closing.includes(c)) closing = undefined;
    } else if (c === '"') {
      closing = '"';
    } else if (c === '[' || c === '{') {
      closing = ']}';
    } else if (/\s/.test(c) || c === ')') {
      break;
    }
    i += 1;
  }
  if (closing !== undefined) throw CkanError.invalid(parameter, `unterminated ${closing === '"' ? 'quote' : 'range'}`);
  return i;
}

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly parameter: string,
  ) {}

  /** Side-by-side clauses, up to the end or a closing parenthesis: all required. */
  clauses(depth: number): OpenEntryCondition {
    if (depth > MAX_DEPTH) throw this.invalid(`nested more than ${MAX_DEPTH} levels`);
    const all: OpenEntryCondition[] = [];
    while (this.peek() !== undefined && this.peek()?.kind !== 'close') all.push(this.disjunction(depth));
    if (all.length === 0) throw this.invalid('empty query');
    return all.length === 1 ? (all[0] as OpenEntryCondition) : { op: 'and', of: all };
  }

  expectEnd(): void {
    if (this.peek() !== undefined) throw this.invalid('unbalanced ")"');
  }

  private disjunction(depth: number): OpenEntryCondition {
    const any = [this.conjunction(depth)];
    while (this.peek()?.kind === 'or') {
      this.position += 1;
      any.push(this.conjunction(depth));
    }
    return any.length === 1 ? (any[0] as OpenEntryCondition) : { op: 'or', of: any };
  }

  private conjunction(depth: number): OpenEntryCondition {
    const all = [this.unary(depth)];
    while (this.peek()?.kind === 'and') {
      this.position += 1;
      all.push(this.unary(depth));
    }
    return all.length === 1 ? (all[0] as OpenEntryCondition) : { op: 'and', of: all };
  }

  private unary(depth: number): OpenEntryCondition {
    const token = this.tokens[this.position];
    this.position += 1;
    switch (token?.kind) {
      case 'not':
        if (depth > MAX_DEPTH) throw this.invalid(`nested more than ${MAX_DEPTH} levels`);
        return { op: 'not', of: this.unary(depth + 1) };
      case 'open': {
        const inner = this.clauses(depth + 1);
        if (this.tokens[this.position]?.kind !== 'close') throw this.invalid('missing ")"');
        this.position += 1;
        return inner;
      }
      case 'term':
        return termCondition(token.text, this.parameter);
      default:
        throw this.invalid(token === undefined ? 'the query ends too early' : `unexpected "${token.kind.toUpperCase()}"`);
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private invalid(why: string): CkanError {
    return CkanError.invalid(this.parameter, `cannot parse the query: ${why}`);
  }
}

type Value =
  | { readonly kind: 'word'; readonly text: string }
  | {
      readonly kind: 'range';
      readonly from: string;
      readonly to: string;
      readonly fromInclusive: boolean;
      readonly toInclusive: boolean;
    };

function termCondition(signed: string, parameter: string): OpenEntryCondition {
  // Leading signs: "+" requires (as juxtaposition does anyway), "-" and "!" negate; "--x" is x.
  const signs = /^[-+!]*/.exec(signed)?.[0] ?? '';
  const negated = [...signs].filter((sign) => sign !== '+').length % 2 === 1;
  const condition = unsignedTerm(signed.slice(signs.length), parameter);
  return negated ? { op: 'not', of: condition } : condition;
}

function unsignedTerm(text: string, parameter: string): OpenEntryCondition {
  if (text === '*:*') return { op: 'all' };
  const colon = text.search(/(?<!\\):/);
  if (colon <= 0) throw CkanError.invalid(parameter, `"${text}" is not a field:value filter`);
  const field = text.slice(0, colon);
  const value = valueOf(text.slice(colon + 1), parameter);
  return fieldCondition(field, value, parameter);
}

function valueOf(text: string, parameter: string): Value {
  const range = /^([[{])\s*(\S+)\s+TO\s+(\S+)\s*([\]}])$/.exec(text);
  if (range) {
    const [, open = '[', from = '*', to = '*', close = ']'] = range;
    return { kind: 'range', from, to, fromInclusive: open === '[', toInclusive: close === ']' };
  }
  if (/^[[{]/.test(text)) throw CkanError.invalid(parameter, `"${text}" is not a range like [2024-01-01T00:00:00Z TO *]`);
  if (text.startsWith('(')) throw CkanError.invalid(parameter, 'write field:a OR field:b rather than field:(a OR b)');
  const quoted = /^"(.*)"$/s.exec(text);
  const raw = quoted ? (quoted[1] ?? '') : text;
  return { kind: 'word', text: raw.replace(/\\(.)/g, '$1') };
}

/** The fields a CKAN package has here; an unknown field is an error, never a silent "match all". */
function fieldCondition(field: string, value: Value, parameter: string): OpenEntryCondition {
  if (value.kind === 'word' && value.text === '*') return { op: 'all' };
  switch (field) {
    case 'metadata_modified':
      return dateRange('modified', value, parameter);
    case 'metadata_created':
      return dateRange('issued', value, parameter);
    case 'organization':
    case 'owner_org':
      // Organisation names are lower-cased credit codes, ids the codes themselves.
      return { op: 'equals', field: 'provider', value: word(value, field, parameter).toUpperCase() };
    case 'name': {
      const code = codeOfSlug(word(value, field, parameter));
      return code === undefined ? { op: 'none' } : { op: 'equals', field: 'code', value: code };
    }
    case 'id':
      return { op: 'equals', field: 'uuid', value: word(value, field, parameter).toLowerCase() };
    case 'tags':
      return { op: 'equals', field: 'keyword', value: word(value, field, parameter) };
    case 'groups':
      // No entry is in a CKAN group.
      word(value, field, parameter);
      return { op: 'none' };
    case 'dataset_type':
    case 'type':
      return word(value, field, parameter) === 'dataset' ? { op: 'all' } : { op: 'none' };
    case 'capacity':
      return word(value, field, parameter) === 'public' ? { op: 'all' } : { op: 'none' };
    default:
      throw CkanError.invalid(
        parameter,
        `unknown field "${field}"; filter on metadata_modified, metadata_created, organization, owner_org, name, id, tags, groups`,
      );
  }
}

function word(value: Value, field: string, parameter: string): string {
  if (value.kind === 'range') throw CkanError.invalid(parameter, `${field} takes a value, not a range`);
  return value.text;
}

function dateRange(field: 'modified' | 'issued', value: Value, parameter: string): OpenEntryCondition {
  if (value.kind === 'word') {
    const at = dateOf(value.text, parameter);
    return { op: 'range', field, from: at && { at, inclusive: true }, to: at && { at, inclusive: true } };
  }
  const from = dateOf(value.from, parameter);
  const to = dateOf(value.to, parameter);
  return {
    op: 'range',
    field,
    from: from && { at: from, inclusive: value.fromInclusive },
    to: to && { at: to, inclusive: value.toInclusive },
  };
}

/** A range bound: `*` is open, `NOW` the present, else an ISO 8601 time (UTC without an offset). */
function dateOf(text: string, parameter: string): Date | null {
  if (text === '*') return null;
  if (text === 'NOW') return new Date();
  const at = parseTimestamp(text);
  if (!at) throw CkanError.invalid(parameter, `"${text}" is not a date-time like 2024-01-31T08:00:00Z`);
  return at;
}
