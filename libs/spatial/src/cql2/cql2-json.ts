import {
  locate,
  spatialRelationNamed,
  temporalRelationNamed,
  type Cql2ComparisonOperator,
  type Cql2Expression,
  type Cql2IntervalBound,
  type Cql2Operand,
  type Cql2PropertyRef,
} from './cql2-ast';
import { CQL2_LIMITS, Cql2Error, quoted } from './cql2-error';
import { bboxPolygon } from './cql2-geometry';
import { checkIntervalOrder, readDate, readIntervalBoundString, readTimestamp } from './cql2-instants';
import {
  at,
  checkMembers,
  isJsonObject,
  jsonSyntaxError,
  readArray,
  readGeoJsonGeometry,
  readNumber,
  readString,
  type JsonObject,
} from './cql2-json-values';
import { checkLikePattern } from './cql2-like';

const COMPARISON_OPERATORS: readonly string[] = ['=', '<>', '<', '>', '<=', '>='] satisfies Cql2ComparisonOperator[];
const ARITHMETIC_OPERATORS = ['+', '-', '*', '/', '^', '%', 'div'];
const LOGICAL_OPERATORS = ['and', 'or', 'not', 'like', 'between', 'in', 'isnull'];

interface Call {
  readonly op: string;
  readonly args: readonly unknown[];
  readonly pointer: string;
}

/**
 * Reads a cql2-json filter (OGC 21-065r2 §8.2, already parsed from JSON) into the same tree as
 * cql2-text. The shape is checked strictly — unknown members, wrong argument counts and
 * non-finite numbers are refused — while operator names are matched in any letter case.
 */
export function parseCql2Json(json: unknown): Cql2Expression {
  return readExpression(json, '', 0);
}

function isComparisonOperator(op: string): op is Cql2ComparisonOperator {
  return COMPARISON_OPERATORS.includes(op);
}

function readExpression(json: unknown, pointer: string, depth: number): Cql2Expression {
  if (typeof json === 'boolean') return { op: 'literal', value: json };
  if (!isJsonObject(json) || json.op === undefined) {
    throw jsonSyntaxError(pointer, 'expected a boolean expression: {"op": …, "args": […]}, true or false');
  }
  const call = readCall(json, pointer);
  return readLogical(call, depth) ?? locate(readPredicate(call), pointer);
}

function readCall(json: JsonObject, pointer: string): Call {
  checkMembers(json, ['op', 'args'], pointer);
  const op = readString(json.op, `${pointer}/op`);
  const args = readArray(json.args, `${pointer}/args`, (arg: unknown) => arg);
  return { op, args, pointer };
}

function readLogical({ op, args, pointer }: Call, depth: number): Cql2Expression | undefined {
  const name = op.toLowerCase();
  if (name !== 'and' && name !== 'or' && name !== 'not') return undefined;
  if (depth >= CQL2_LIMITS.maxDepth) {
    throw new Cql2Error('too_complex', `${at(pointer)}: nested deeper than ${CQL2_LIMITS.maxDepth} levels`);
  }
  const operands = args.map((arg, index) => readExpression(arg, `${pointer}/args/${index}`, depth + 1));
  const [first] = operands;
  if (name === 'not') {
    if (operands.length !== 1 || first === undefined) throw wrongArgumentCount(op, '1 argument', args.length, pointer);
    return { op: 'not', arg: first };
  }
  if (operands.length < 2) throw wrongArgumentCount(op, 'at least 2 arguments', args.length, pointer);
  return { op: name, args: operands };
}

function readPredicate(call: Call): Cql2Expression {
  const name = call.op.toLowerCase();
  if (isComparisonOperator(name)) {
    const [left, right] = operands(call, 2);
    return { op: 'compare', operator: name, left, right };
  }
  const spatial = spatialRelationNamed(name);
  if (spatial !== undefined) {
    const [left, right] = operands(call, 2);
    return { op: 'spatial', relation: spatial, left, right };
  }
  const temporal = temporalRelationNamed(name);
  if (temporal !== undefined) {
    const [left, right] = operands(call, 2);
    return { op: 'temporal', relation: temporal, left, right };
  }
  return readAdvancedComparison(call, name);
}

function readAdvancedComparison(call: Call, name: string): Cql2Expression {
  const { args, pointer } = call;
  switch (name) {
    case 'like':
      checkArgumentCount(call, 2);
      return { op: 'like', value: readOperand(args[0], `${pointer}/args/0`), pattern: readPattern(args[1], `${pointer}/args/1`) };
    case 'between': {
      const [value, low, high] = operands(call, 3);
      return { op: 'between', value, low, high };
    }
    case 'in':
      checkArgumentCount(call, 2);
      return { op: 'in', value: readOperand(args[0], `${pointer}/args/0`), list: readInList(args[1], `${pointer}/args/1`) };
    case 'isnull': {
      const [value] = operands(call, 1);
      return { op: 'isNull', value };
    }
    default:
      throw refusedCall(call.op, pointer);
  }
}

/** The arguments of a call that takes `count` operands, read as operands. */
function operands(call: Call, count: 1): [Cql2Operand];
function operands(call: Call, count: 2): [Cql2Operand, Cql2Operand];
function operands(call: Call, count: 3): [Cql2Operand, Cql2Operand, Cql2Operand];
function operands(call: Call, count: number): Cql2Operand[] {
  checkArgumentCount(call, count);
  return call.args.map((arg, index) => readOperand(arg, `${call.pointer}/args/${index}`));
}

function checkArgumentCount({ op, args, pointer }: Call, count: number): void {
  if (args.length !== count)
    throw wrongArgumentCount(op, count === 1 ? '1 argument' : `${count} arguments`, args.length, pointer);
}

function wrongArgumentCount(op: string, expected: string, actual: number, pointer: string): Cql2Error {
  return jsonSyntaxError(pointer, `${quoted(op)} takes ${expected}, not ${actual}`);
}

function readPattern(json: unknown, pointer: string): string {
  if (typeof json === 'string') return checkLikePattern(json, at(pointer));
  if (isJsonObject(json) && typeof json.op === 'string') throw refusedCall(json.op, pointer);
  throw jsonSyntaxError(pointer, 'a LIKE pattern is a string');
}

function readInList(json: unknown, pointer: string): Cql2Operand[] {
  if (!Array.isArray(json)) throw jsonSyntaxError(pointer, 'the second argument of "in" is an array');
  if (json.length === 0) throw jsonSyntaxError(pointer, 'the IN list is empty');
  if (json.length > CQL2_LIMITS.maxInListLength) {
    throw new Cql2Error(
      'too_complex',
      `${at(pointer)}: the IN list has ${json.length} values, more than ${CQL2_LIMITS.maxInListLength}`,
    );
  }
  return readArray(json, pointer, readOperand);
}

function readOperand(json: unknown, pointer: string): Cql2Operand {
  switch (typeof json) {
    case 'string':
      return { kind: 'string', value: json };
    case 'number':
      return { kind: 'number', value: readNumber(json, pointer) };
    case 'boolean':
      return { kind: 'boolean', value: json };
  }
  if (!isJsonObject(json)) throw jsonSyntaxError(pointer, 'expected a property, a literal or a geometry');
  return readObjectOperand(json, pointer);
}

function readObjectOperand(json: JsonObject, pointer: string): Cql2Operand {
  if (json.property !== undefined) return readProperty(json, pointer);
  if (json.date !== undefined) return readDate(readTagged(json, 'date', pointer), at(`${pointer}/date`));
  if (json.timestamp !== undefined) return readTimestamp(readTagged(json, 'timestamp', pointer), at(`${pointer}/timestamp`));
  if (json.interval !== undefined) return readInterval(json, pointer);
  if (json.bbox !== undefined && json.type === undefined) {
    checkMembers(json, ['bbox'], pointer);
    return { kind: 'geometry', geometry: bboxPolygon(readArray(json.bbox, `${pointer}/bbox`, readNumber), at(pointer)) };
  }
  if (json.type !== undefined) return { kind: 'geometry', geometry: readGeoJsonGeometry(json, pointer) };
  if (typeof json.op === 'string') throw refusedCall(json.op, pointer);
  throw jsonSyntaxError(pointer, 'expected a property, a literal or a geometry');
}

function readProperty(json: JsonObject, pointer: string): Cql2PropertyRef {
  checkMembers(json, ['property'], pointer);
  const name = readString(json.property, `${pointer}/property`);
  if (name === '') throw jsonSyntaxError(`${pointer}/property`, 'a property name cannot be empty');
  return locate({ kind: 'property', name }, at(pointer));
}

/** The string of a one-member object such as `{"date": "2024-05-01"}`. */
function readTagged(json: JsonObject, member: string, pointer: string): string {
  checkMembers(json, [member], pointer);
  return readString(json[member], `${pointer}/${member}`);
}

function readInterval(json: JsonObject, pointer: string): Cql2Operand {
  checkMembers(json, ['interval'], pointer);
  const bounds = readArray(json.interval, `${pointer}/interval`, readIntervalBound);
  const [start, end] = bounds;
  if (bounds.length !== 2 || start === undefined || end === undefined) {
    throw jsonSyntaxError(`${pointer}/interval`, `an interval has 2 ends, not ${bounds.length}`);
  }
  checkIntervalOrder(start, end, at(pointer));
  return { kind: 'interval', start, end };
}

function readIntervalBound(json: unknown, pointer: string): Cql2IntervalBound {
  if (typeof json === 'string') return readIntervalBoundString(json, at(pointer));
  if (isJsonObject(json) && json.property !== undefined) return readProperty(json, pointer);
  throw jsonSyntaxError(pointer, 'an interval end is a date, a timestamp, ".." or a property');
}

/** Valid CQL2 this module does not offer, told apart from malformed input. */
function refusedCall(op: string, pointer: string): Cql2Error {
  const name = op.toLowerCase();
  const where = at(pointer);
  if (name === 'casei' || name === 'accenti') {
    return new Cql2Error('unsupported', `${where}: ${name} (case- and accent-insensitive comparison) is not supported`);
  }
  if (ARITHMETIC_OPERATORS.includes(name))
    return new Cql2Error('unsupported', `${where}: arithmetic expressions are not supported`);
  if (name.startsWith('a_'))
    return new Cql2Error('unsupported', `${where}: array functions such as ${quoted(op)} are not supported`);
  if (
    LOGICAL_OPERATORS.includes(name) ||
    isComparisonOperator(name) ||
    spatialRelationNamed(name) ||
    temporalRelationNamed(name)
  ) {
    return new Cql2Error('unsupported', `${where}: a predicate cannot be used as a value`);
  }
  return new Cql2Error('unsupported', `${where}: the function ${quoted(op)} is not supported`);
}
