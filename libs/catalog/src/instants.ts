import { applyDecorators } from '@nestjs/common';
import { Matches, ValidateBy } from 'class-validator';

/** RFC 3339 date-time with an explicit offset: no local-time guessing, no week dates, no basic format. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** A point in time as clients send it: RFC 3339 with an offset, and a real calendar instant. */
export const IsInstant = (): PropertyDecorator =>
  applyDecorators(
    Matches(RFC3339, {
      message: ({ property }) => `${property} must be an RFC 3339 date-time with an offset, e.g. 2027-06-30T00:00:00+08:00`,
    }),
    ValidateBy({
      name: 'isRealInstant',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && Number.isFinite(Date.parse(value)) && sameCalendarDate(value),
        defaultMessage: ({ property } = { property: 'value' } as never) => `${property} is not a real date and time`,
      },
    }),
  );

/** Date.parse rolls 2027-02-30 over to March; a real date keeps its day. */
function sameCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const probe = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 0));
  return (
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() + 1 === month &&
    probe.getUTCDate() === day &&
    Number(value.slice(11, 13)) < 24
  );
}

/** PostgreSQL's text form of a timestamptz (what keyset cursors carry), or `infinity`. */
const PG_TIMESTAMPTZ = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-]\d{2})(:\d{2})?$/;

export function isPgTimestamp(text: string): boolean {
  if (text === 'infinity') return true;
  const match = PG_TIMESTAMPTZ.exec(text);
  if (!match) return false;
  const iso = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${match[7] ?? ''}${match[8]}${match[9] ?? ':00'}`;
  return Number.isFinite(Date.parse(iso)) && sameCalendarDate(iso);
}
