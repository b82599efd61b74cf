import { validateCitizenId, validateCreditCode, validateDivisionCode } from '@hutong/gb-codes';
import { hasNonXmlCharacter, hasUnstorableText, type FieldViolation } from '@hutong/platform';
import { checkGeometry } from './geometry-values';
import type { RegistryItem } from './registry-definition';

export type ItemValue = { ok: true; value: unknown } | { ok: false; violation: FieldViolation };

const DECIMAL = /^-?\d{1,18}(\.\d{1,6})?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** RFC 3339 with its offset; offsets within ±15:59, the range PostgreSQL's timestamptz reads. */
export const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-](0\d|1[0-5]):[0-5]\d)$/;

/**
 * Checks one item's value against its data type and constraints and returns it normalised
 * (decimals as strings so no precision is lost, a final lower-case `x` of an ID upper-cased).
 * `null` clears an item; required items are checked on the whole record, not here. Messages never
 * repeat the value: many items are personal data.
 */
export function checkItemValue(item: RegistryItem, value: unknown, field: string): ItemValue {
  if (value === null) return { ok: true, value: null };
  const bad = (rule: string, message: string): ItemValue => ({ ok: false, violation: { field, rule, message } });
  if (hasUnstorableText(value) || hasNonXmlCharacter(value)) {
    return bad('text', 'contains a control character (other than tab and line breaks) or an unpaired surrogate');
  }
  switch (item.dataType) {
    case 'string':
      return checkString(item, value, field);
    case 'enum':
      return typeof value === 'string' && (item.enumValues ?? []).includes(value)
        ? { ok: true, value }
        : bad('enum', `must be one of ${(item.enumValues ?? []).join(', ')}`);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value)
        ? { ok: true, value }
        : bad('integer', 'must be an integer');
    case 'decimal': {
      // A JSON number has already lost what lies beyond double precision (123456789012345678 reads
      // as …680): past 15 significant digits only a string keeps the decimal that was sent.
      if (typeof value === 'number' && significantDigits(value) > 15) {
        return bad('decimal_precision', 'send a decimal of more than 15 significant digits as a string');
      }
      const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
      return typeof text === 'string' && DECIMAL.test(text)
        ? { ok: true, value: text }
        : bad('decimal', 'must be a decimal number (at most 18 integer and 6 fraction digits)');
    }
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : bad('boolean', 'must be true or false');
    case 'date':
      return typeof value === 'string' && isRealDate(value) ? { ok: true, value } : bad('date', 'must be a real date YYYY-MM-DD');
    case 'datetime':
      // Date.parse rolls 02-30 over into March: the calendar date is checked on its own.
      return typeof value === 'string' &&
        ISO_DATETIME.test(value) &&
        isRealDate(value.slice(0, 10)) &&
        !Number.isNaN(Date.parse(value))
        ? { ok: true, value }
        : bad('datetime', 'must be an RFC 3339 date-time with an offset');
    case 'citizen_id':
      return checkCode(
        value,
        field,
        (text) => validateCitizenId(text),
        (id) => id.id,
      );
    case 'credit_code':
      return checkCode(
        value,
        field,
        (text) => validateCreditCode(text),
        (code) => code.code,
      );
    case 'division_code':
      return checkCode(
        value,
        field,
        (text) => validateDivisionCode(text, { allowHistorical: false }),
        (division) => division.code,
      );
    case 'geometry':
      return item.geometryTypes ? checkGeometry(value, item.geometryTypes, field) : checkObject(value, field);
    case 'object':
      return checkObject(value, field);
  }
}

function checkObject(value: unknown, field: string): ItemValue {
  return typeof value === 'object'
    ? { ok: true, value }
    : { ok: false, violation: { field, rule: 'object', message: 'must be a JSON object or array' } };
}

function checkString(item: RegistryItem, value: unknown, field: string): ItemValue {
  if (typeof value !== 'string') return { ok: false, violation: { field, rule: 'string', message: 'must be a string' } };
  if (item.maxLength !== undefined && [...value].length > item.maxLength) {
    return { ok: false, violation: { field, rule: 'max_length', message: `must be at most ${item.maxLength} characters` } };
  }
  if (item.pattern !== undefined && !new RegExp(item.pattern, 'u').test(value)) {
    return { ok: false, violation: { field, rule: 'pattern', message: `must match ${item.pattern}` } };
  }
  return { ok: true, value };
}

function checkCode<T>(
  value: unknown,
  field: string,
  validate: (text: string) => { ok: true; value: T } | { ok: false; reason: string; message: string },
  normalized: (parsed: T) => string,
): ItemValue {
  if (typeof value !== 'string') return { ok: false, violation: { field, rule: 'string', message: 'must be a string' } };
  const result = validate(value);
  return result.ok
    ? { ok: true, value: normalized(result.value) }
    : { ok: false, violation: { field, rule: result.reason, message: result.message } };
}

function significantDigits(value: number): number {
  const digits = Math.abs(value).toExponential().split('e')[0] ?? '';
  return digits.replace('.', '').length;
}

export function isRealDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/**
 * A CSV cell as the item's type: empty → null (clears the item), numbers and booleans parsed,
 * objects as JSON text. Anything unparseable is left as text so the type check reports it.
 */
export function fromCsvCell(item: RegistryItem, cell: string): unknown {
  if (cell === '') return null;
  switch (item.dataType) {
    case 'integer':
      return /^-?\d+$/.test(cell) ? Number(cell) : cell;
    case 'boolean':
      return cell === 'true' ? true : cell === 'false' ? false : cell;
    case 'object':
    case 'geometry':
      try {
        return JSON.parse(cell) as unknown;
      } catch {
        return cell;
      }
    default:
      return cell;
  }
}
