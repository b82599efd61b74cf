/**
 * The outcome of every validator in this library. Validators never throw on bad input: callers
 * branch on `ok`, and on failure on a stable machine-readable `reason`.
 *
 * `message` is one short English sentence naming what is wrong. It must never repeat the full
 * input: citizen IDs and credit codes are personal or business identifiers, and callers log these
 * messages. Fragments that are not identifying on their own (a single check character, a 6-digit
 * division code, a length) may appear.
 */
export type GbCodeFailureReason =
  | 'bad_length'
  | 'bad_format'
  | 'bad_charset'
  | 'bad_check_digit'
  | 'bad_org_code_check'
  | 'bad_date'
  | 'future_date'
  | 'unknown_division';

export interface GbCodeSuccess<T> {
  readonly ok: true;
  readonly value: T;
}

export interface GbCodeFailure {
  readonly ok: false;
  readonly reason: GbCodeFailureReason;
  readonly message: string;
}

export type GbCodeResult<T> = GbCodeSuccess<T> | GbCodeFailure;

export function succeed<T>(value: T): GbCodeSuccess<T> {
  return { ok: true, value };
}

export function fail(reason: GbCodeFailureReason, message: string): GbCodeFailure {
  return { ok: false, reason, message };
}
