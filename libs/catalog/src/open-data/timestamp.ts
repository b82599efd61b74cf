import { ValidateBy, type ValidationOptions } from 'class-validator';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * Reads an ISO 8601 date or date-time as harvesters send them: ckanext-harvest sends Python's
 * `isoformat()` with microseconds and a "Z"; ckanext-dcat users send dates. A time without an
 * offset is UTC, as CKAN reads it. Fractions beyond milliseconds are cut, which only widens a
 * "modified since" by less than a millisecond. Undefined for anything else, including 2024-02-30.
 */
export function parseTimestamp(text: string): Date | undefined {
  const match = TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', offset = 'Z'] = match;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${offset}`);
  if (Number.isNaN(date.getTime())) return undefined;
  // Date normalises 02-30 to 03-01; only a round trip of the calendar date shows it was invalid.
  const check = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day)) return undefined;
  return date;
}

export const IsTimestamp = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isTimestamp',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseTimestamp(value) !== undefined,
        defaultMessage: () => '$property must be an ISO 8601 date or date-time, e.g. 2024-01-31 or 2024-01-31T08:00:00Z',
      },
    },
    options,
  );
