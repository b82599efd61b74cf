import { CkanError } from './ckan-error';

type Raw = Readonly<Record<string, unknown>>;

const TRUE = new Set(['true', 'yes', 'on', 'y', 't', '1']);
const FALSE = new Set(['false', 'no', 'off', 'n', 'f', '0']);

/**
 * The query parameters of a CKAN action, read the way CKAN's validators read them; a bad value
 * is a CKAN "Validation Error" with CKAN's messages, so that CKAN clients can show it.
 */
export class CkanParams {
  constructor(private readonly raw: Raw) {}

  /** Refuses parameters the action does not know (CKAN's package_search does; `ext_` ones go to plugins). */
  only(allowed: readonly string[]): this {
    for (const name of Object.keys(this.raw)) {
      if (!allowed.includes(name) && !name.startsWith('ext_')) {
        throw CkanError.invalid(name, `The input field ${name} was not expected.`);
      }
    }
    return this;
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw CkanError.invalid(name, 'Only one value is allowed');
    return value;
  }

  /** A parameter that may be repeated (`fq_list`). */
  strings(name: string): string[] {
    const value = this.raw[name];
    if (value === undefined) return [];
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    if (!values.every((v): v is string => typeof v === 'string')) throw CkanError.invalid(name, 'Must be text');
    return values;
  }

  /** A natural number; above `cap` it is lowered to the cap, as CKAN does with rows. */
  natural(name: string, fallback: number, cap = Number.MAX_SAFE_INTEGER): number {
    const text = this.string(name);
    if (text === undefined || text === '') return fallback;
    if (!/^-?\d+$/.test(text.trim())) throw CkanError.invalid(name, 'Invalid integer');
    const value = Number(text.trim());
    if (value < 0) throw CkanError.invalid(name, 'Must be a natural number');
    return Math.min(value, cap);
  }

  boolean(name: string, fallback: boolean): boolean {
    const text = this.string(name)?.trim().toLowerCase();
    if (text === undefined || text === '') return fallback;
    if (TRUE.has(text)) return true;
    if (FALSE.has(text)) return false;
    throw CkanError.invalid(name, 'Value must be one of: true, false');
  }
}
