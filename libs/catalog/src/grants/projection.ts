import { maskCitizenId, maskCreditCode } from '@hutong/gb-codes';
import type { ItemDataType } from '../resources/resource';
import type { Entitlement } from './entitlement';

export type RecordValues = Readonly<Record<string, unknown>>;
type Allowed = Extract<Entitlement, { allowed: true }>;

/**
 * A record as a consumer may see it under a decision: only the decided items, masked ones masked.
 * Every read path and every event delivery cuts records here, so there is one place where an
 * ungranted item could leak, and it keeps nothing it was not told to.
 */
export function projectRecord(record: RecordValues, decision: Pick<Allowed, 'items' | 'masks'>): Record<string, unknown> {
  const projected: Record<string, unknown> = {};
  for (const item of decision.items) {
    if (!Object.hasOwn(record, item)) continue;
    const dataType = decision.masks[item];
    projected[item] = dataType === undefined ? record[item] : maskValue(dataType, record[item]);
  }
  return projected;
}

/**
 * Masks a value by its data type: identifiers keep what routes a case (division and tail), text
 * keeps its first character (张**), dates keep the year; anything else is withheld entirely.
 */
export function maskValue(dataType: ItemDataType, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value !== 'string') return '***';
  switch (dataType) {
    case 'citizen_id':
      return maskCitizenId(value);
    case 'credit_code':
      return maskCreditCode(value);
    case 'date':
    case 'datetime':
      return `${value.slice(0, 4)}-**-**`;
    case 'string':
    case 'enum': {
      const characters = [...value];
      return characters.length <= 1 ? '*' : `${characters[0] ?? ''}${'*'.repeat(characters.length - 1)}`;
    }
    default:
      return '***';
  }
}
