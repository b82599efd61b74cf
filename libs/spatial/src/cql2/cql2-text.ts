import {
  locate,
  spatialRelationNamed,
  temporalRelationNamed,
  type Cql2ComparisonOperator,
  type Cql2Expression,
  type Cql2IntervalBound,
  type Cql2IntervalLiteral,
  type Cql2Operand,
} from './cql2-ast';
import { CQL2_LIMITS, Cql2Error } from './cql2-error';
import { checkIntervalOrder, readDate, readIntervalBoundString, readTimestamp } from './cql2-instants';
import { describe, positionOf, syntaxError, tokenize, TokenCursor, type Token } from './cql2-text-tokens';
import { readGeometryLiteral, startsGeometryLiteral } from './cql2-wkt';

/** Keywords that cannot be bare property names; such a property is written "in quotes". */
const RESERVED = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE']);
const COMPARISON_OPERATORS: readonly string[] = ['=', '<>', '<', '>', '<=', '>='] satisfies Cql2ComparisonOperator[];
const ADVANCED_COMPARISONS = ['LIKE', 'BETWEEN', 'IN'];

/**
 * Reads a cql2-text filter (OGC 21-065r2 Annex B): AND, OR, NOT, comparisons, LIKE, BETWEEN,
 * IN, IS NULL, the S_ and T_ functions, WKT, BBOX, DATE, TIMESTAMP and INTERVAL literals.
 * Keywords are case-insensitive; NOT binds tighter than AND, which binds tighter than OR.
 * Valid CQL2 outside those classes (CASEI, arithmetic, arrays, custom functions) is refused
 * as `unsupported` rather than as a syntax error.
 */
export function parseCql2Text(text: string): Cql2Expression {
  if (text.length > CQL2_LIMITS.maxTextLength) {
    throw new Cql2Error('too_complex', `the filter is longer than ${CQL2_LIMITS.maxTextLength} characters`);
  }
  return new TextParser(new TokenCursor(tokenize(text))).filter();
}

function isComparisonOperator(text: string): text is Cql2ComparisonOperator {
  return COMPARISON_OPERATORS.includes(text);
}

class TextParser {
  constructor(private readonly tokens: TokenCursor) {}

  filter(): Cql2Expression {
    if (this.tokens.peek().kind === 'end') throw syntaxError(this.tokens.peek(), 'the filter is empty');
    const expression = this.booleanExpression(0);
    this.tokens.expectEnd();
    return expression;
  }

  private booleanExpression(depth: number): Cql2Expression {
    return this.chain('OR', () => this.chain('AND', () => this.booleanFactor(depth)));
  }

  /** `a AND b AND c` as one node of three arguments, as cql2-json writes it. */
  private chain(keyword: 'AND' | 'OR', readOperand: () => Cql2Expression): Cql2Expression {
    const first = readOperand();
    if (!this.tokens.isWord(keyword)) return first;
    const args = [first];
    while (this.tokens.acceptWord(keyword)) args.push(readOperand());
    return { op: keyword === 'AND' ? 'and' : 'or', args };
  }

  private booleanFactor(depth: number): Cql2Expression {
    const not = this.tokens.peek();
    if (this.tokens.acceptWord('NOT')) return { op: 'not', arg: this.booleanFactor(this.deeper(depth, not)) };
    return this.booleanPrimary(depth);
  }

  private booleanPrimary(depth: number): Cql2Expression {
    const open = this.tokens.peek();
    if (this.tokens.acceptSymbol('(')) {
      const inner = this.booleanExpression(this.deeper(depth, open));
      this.tokens.expectSymbol(')');
      return inner;
    }
    return this.functionPredicate() ?? this.predicateAfter(this.operand());
  }

  private deeper(depth: number, token: Token): number {
    if (depth >= CQL2_LIMITS.maxDepth) {
      throw new Cql2Error('too_complex', `${positionOf(token)}: nested deeper than ${CQL2_LIMITS.maxDepth} levels`);
    }
    return depth + 1;
  }

  /** S_… and T_… calls, which are predicates themselves rather than operands of one. */
  private functionPredicate(): Cql2Expression | undefined {
    const name = this.tokens.peek();
    if (name.kind !== 'word' || !this.tokens.isSymbol('(', 1)) return undefined;
    const spatial = spatialRelationNamed(name.text);
    if (spatial !== undefined) {
      const [left, right] = this.twoArguments(name);
      return locate<Cql2Expression>({ op: 'spatial', relation: spatial, left, right }, positionOf(name));
    }
    const temporal = temporalRelationNamed(name.text);
    if (temporal !== undefined) {
      const [left, right] = this.twoArguments(name);
      return locate<Cql2Expression>({ op: 'temporal', relation: temporal, left, right }, positionOf(name));
    }
    return undefined;
  }

  private twoArguments(name: Token): [Cql2Operand, Cql2Operand] {
    this.tokens.next();
    this.tokens.expectSymbol('(');
    const args = [this.operand()];
    while (this.tokens.acceptSymbol(',')) args.push(this.operand());
    this.tokens.expectSymbol(')');
    const [left, right] = args;
    if (args.length !== 2 || left === undefined || right === undefined) {
      throw syntaxError(name, `${name.text.toUpperCase()} takes 2 arguments, not ${args.length}`);
    }
    return [left, right];
  }

  private predicateAfter(left: Cql2Operand): Cql2Expression {
    const token = this.tokens.peek();
    if (token.kind === 'symbol' && isComparisonOperator(token.text)) {
      this.tokens.next();
      return locate<Cql2Expression>({ op: 'compare', operator: token.text, left, right: this.operand() }, positionOf(token));
    }
    if (this.tokens.isWord('IS')) return this.nullTest(left);
    if (this.tokens.isWord('NOT') && this.startsAdvancedComparison(1)) {
      this.tokens.next();
      return { op: 'not', arg: this.advancedComparison(left) };
    }
    if (this.startsAdvancedComparison(0)) return this.advancedComparison(left);
    if (left.kind === 'boolean') return { op: 'literal', value: left.value };
    throw syntaxError(token, `expected a comparison operator, LIKE, BETWEEN, IN or IS but found ${describe(token)}`);
  }

  private startsAdvancedComparison(offset: number): boolean {
    return ADVANCED_COMPARISONS.some((word) => this.tokens.isWord(word, offset));
  }

  private advancedComparison(value: Cql2Operand): Cql2Expression {
    const keyword = this.tokens.next();
    const where = positionOf(keyword);
    switch (keyword.text.toUpperCase()) {
      case 'LIKE':
        return locate<Cql2Expression>({ op: 'like', value, pattern: this.likePattern() }, where);
      case 'BETWEEN': {
        const low = this.operand();
        this.tokens.expectWord('AND');
        return locate<Cql2Expression>({ op: 'between', value, low, high: this.operand() }, where);
      }
      default:
        return locate<Cql2Expression>({ op: 'in', value, list: this.inList() }, where);
    }
  }

  private nullTest(value: Cql2Operand): Cql2Expression {
    const is = this.tokens.next();
    const negated = this.tokens.acceptWord('NOT');
    this.tokens.expectWord('NULL');
    const test = locate<Cql2Expression>({ op: 'isNull', value }, positionOf(is));
    return negated ? { op: 'not', arg: test } : test;
  }

  private likePattern(): string {
    const pattern = this.tokens.next();
    // No check for a trailing lone escape: a string token never ends in one, as \' is a quote.
    if (pattern.kind === 'string') return pattern.text;
    if (this.isCaseOrAccentFunction(pattern)) throw this.unsupportedFunction(pattern);
    throw syntaxError(pattern, `LIKE takes a quoted pattern, not ${describe(pattern)}`);
  }

  private inList(): Cql2Operand[] {
    const open = this.tokens.expectSymbol('(');
    const list = [this.operand()];
    while (this.tokens.acceptSymbol(',')) list.push(this.operand());
    this.tokens.expectSymbol(')');
    if (list.length > CQL2_LIMITS.maxInListLength) {
      throw new Cql2Error(
        'too_complex',
        `${positionOf(open)}: the IN list has ${list.length} values, more than ${CQL2_LIMITS.maxInListLength}`,
      );
    }
    return list;
  }

  /** A property, a literal, or a call that makes a literal (DATE, TIMESTAMP, INTERVAL, WKT, BBOX). */
  private operand(): Cql2Operand {
    const operand = this.singleOperand();
    this.refuseArithmetic();
    return operand;
  }

  private singleOperand(): Cql2Operand {
    const token = this.tokens.peek();
    switch (token.kind) {
      case 'string':
        this.tokens.next();
        return { kind: 'string', value: token.text };
      case 'number':
        this.tokens.next();
        return { kind: 'number', value: Number(token.text) };
      case 'quoted':
        this.tokens.next();
        return locate({ kind: 'property', name: token.text }, positionOf(token));
      case 'word':
        return this.wordOperand(token);
      default:
        throw syntaxError(token, `expected a property or a literal but found ${describe(token)}`);
    }
  }

  private wordOperand(token: Token): Cql2Operand {
    const word = token.text.toUpperCase();
    if (word === 'TRUE' || word === 'FALSE') {
      this.tokens.next();
      return { kind: 'boolean', value: word === 'TRUE' };
    }
    if (RESERVED.has(word)) throw syntaxError(token, `expected a property or a literal but found ${word}`);
    if (startsGeometryLiteral(this.tokens)) return { kind: 'geometry', geometry: readGeometryLiteral(this.tokens) };
    if (!this.tokens.isSymbol('(', 1)) {
      this.tokens.next();
      return locate({ kind: 'property', name: token.text }, positionOf(token));
    }
    if (word === 'DATE') return readDate(this.stringArgument(token), positionOf(token));
    if (word === 'TIMESTAMP') return readTimestamp(this.stringArgument(token), positionOf(token));
    if (word === 'INTERVAL') return this.interval(token);
    throw this.unsupportedFunction(token);
  }

  /** The one quoted argument of DATE('…') and TIMESTAMP('…'). */
  private stringArgument(name: Token): string {
    this.tokens.next();
    this.tokens.expectSymbol('(');
    const argument = this.tokens.next();
    if (argument.kind !== 'string') {
      throw syntaxError(argument, `${name.text.toUpperCase()} takes one quoted string, not ${describe(argument)}`);
    }
    this.tokens.expectSymbol(')');
    return argument.text;
  }

  private interval(name: Token): Cql2IntervalLiteral {
    this.tokens.next();
    this.tokens.expectSymbol('(');
    const start = this.intervalBound();
    this.tokens.expectSymbol(',');
    const end = this.intervalBound();
    this.tokens.expectSymbol(')');
    checkIntervalOrder(start, end, positionOf(name));
    return { kind: 'interval', start, end };
  }

  /** A date or timestamp string, `'..'` for an open end, or a property holding the instant. */
  private intervalBound(): Cql2IntervalBound {
    const token = this.tokens.peek();
    if (token.kind === 'string') {
      this.tokens.next();
      return readIntervalBoundString(token.text, positionOf(token));
    }
    const operand = token.kind === 'word' || token.kind === 'quoted' ? this.operand() : undefined;
    if (operand?.kind === 'property') return operand;
    throw syntaxError(token, `expected a date, a timestamp, '..' or a property in INTERVAL but found ${describe(token)}`);
  }

  private isCaseOrAccentFunction(token: Token): boolean {
    const word = token.text.toUpperCase();
    return token.kind === 'word' && (word === 'CASEI' || word === 'ACCENTI');
  }

  private unsupportedFunction(name: Token): Cql2Error {
    const word = name.text.toUpperCase();
    const where = positionOf(name);
    if (this.isCaseOrAccentFunction(name)) {
      return new Cql2Error('unsupported', `${where}: ${word} (case- and accent-insensitive comparison) is not supported`);
    }
    if (/^A_/.test(word)) return new Cql2Error('unsupported', `${where}: array functions such as ${word} are not supported`);
    if (spatialRelationNamed(word) !== undefined || temporalRelationNamed(word) !== undefined) {
      return syntaxError(name, `${word} is a predicate and cannot be used as a value`);
    }
    return new Cql2Error('unsupported', `${where}: the function ${describe(name)} is not supported`);
  }

  /** `a - 1` is valid CQL2 (arithmetic), so it is refused as unsupported, not as a syntax error. */
  private refuseArithmetic(): void {
    const token = this.tokens.peek();
    // The tokenizer joins a sign to the digits after it, so `a -1` arrives as a signed number.
    const signedNumber = token.kind === 'number' && /^[+-]/.test(token.text);
    if (token.kind === 'arithmetic' || signedNumber || this.tokens.isWord('DIV')) {
      throw new Cql2Error('unsupported', `${positionOf(token)}: arithmetic expressions are not supported`);
    }
  }
}
