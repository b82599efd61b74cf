import { checkItemValue, ISO_DATETIME, itemSql } from '@hutong/registries';
import type { FieldViolation } from '@hutong/platform';
import type { DatasetItem } from '../schema/dataset-schema';
import type { Condition, Literal } from './filter-language';
import type { TypedCondition } from './dataset-query.repository';

const INTEGER = /^-?\d{1,18}$/;
const DECIMAL = /^-?\d{1,18}(\.\d{1,6})?$/;
/** Code items compared for equality are checked like written values (a wrong check digit matches nothing, so say so). */
const CHECKED_FOR_EQUALITY: ReadonlySet<string> = new Set(['enum', 'citizen_id', 'credit_code', 'division_code', 'date']);

/**
 * Types a parsed condition for its item: the value must be of the item's type (`paid_months ge
 * '12'` is refused, not compared as text), `sw` applies to text items only, and equality on a code
 * item is checked as a written value would be. Returns the violation naming the filter position.
 */
export function typedCondition(item: DatasetItem, condition: Condition): TypedCondition | FieldViolation {
  const field = `filter@${condition.position}`;
  const bad = (rule: string, message: string): FieldViolation => ({ field, rule, message: `${item.code}: ${message}` });
  const { parameterType } = itemSql(item);
  if (condition.op === 'sw') {
    if (parameterType !== 'text' || condition.value.kind !== 'string') {
      return bad('sw_text_only', 'sw (starts with) takes a quoted text and applies to text, code and date items');
    }
    return { item, op: 'sw', values: [`${escapeLike(condition.value.value)}%`] };
  }
  const literals = condition.op === 'in' ? condition.values : [condition.value];
  const values: unknown[] = [];
  for (const literal of literals) {
    const value = valueOf(item, literal, condition.op === 'eq' || condition.op === 'in');
    if (typeof value === 'object' && value !== null) return bad(value.rule, value.message);
    values.push(value);
  }
  return { item, op: condition.op, values };
}

type Refusal = { readonly rule: string; readonly message: string };

function valueOf(item: DatasetItem, literal: Literal, equality: boolean): string | boolean | Refusal {
  switch (item.dataType) {
    case 'integer':
      return literal.kind === 'number' && INTEGER.test(literal.text)
        ? literal.text
        : { rule: 'integer', message: 'compare with an integer (unquoted)' };
    case 'decimal': {
      const text = literal.kind === 'number' ? literal.text : literal.kind === 'string' ? literal.value : '';
      return DECIMAL.test(text) ? text : { rule: 'decimal', message: 'compare with a decimal number' };
    }
    case 'boolean':
      return literal.kind === 'boolean' ? literal.value : { rule: 'boolean', message: 'compare with true or false' };
    case 'datetime':
      return literal.kind === 'string' && ISO_DATETIME.test(literal.value) && !Number.isNaN(Date.parse(literal.value))
        ? literal.value
        : {
            rule: 'datetime',
            message: "compare with a quoted RFC 3339 date-time with its offset, e.g. '2026-11-01T00:00:00+08:00'",
          };
    default:
      return textValue(item, literal, equality);
  }
}

function textValue(item: DatasetItem, literal: Literal, equality: boolean): string | Refusal {
  if (literal.kind !== 'string') return { rule: 'text', message: "compare with a quoted text, e.g. '440103'" };
  if (!equality || !CHECKED_FOR_EQUALITY.has(item.dataType)) return literal.value;
  const checked = checkItemValue(
    {
      code: item.code,
      name: item.name,
      dataType: item.dataType,
      group: '',
      sharingType: item.sharingType,
      ...(item.enumValues ? { enumValues: item.enumValues } : {}),
    },
    literal.value,
    item.code,
  );
  return checked.ok ? String(checked.value) : { rule: checked.violation.rule, message: checked.violation.message };
}

/** A LIKE prefix matches itself only: %, _ and the escape character lose their meaning. */
function escapeLike(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Whether `text` — a cursor's sort value, as PostgreSQL printed it — can be read back as the item's parameter type. */
export function isSortValue(item: DatasetItem, text: string): boolean {
  if (text.includes('\0') || text.length > 1000) return false;
  switch (itemSql(item).parameterType) {
    case 'bigint':
      return INTEGER.test(text);
    case 'numeric':
      return /^-?\d{1,18}(\.\d{1,18})?$/.test(text);
    case 'boolean':
      return text === 'true' || text === 'false';
    case 'timestamptz':
      return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(text);
    case 'text':
      return true;
  }
}
