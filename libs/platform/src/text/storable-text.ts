const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Does the value hold text PostgreSQL cannot store — a NUL character (refused in text and jsonb)
 * or an unpaired UTF-16 surrogate (no UTF-8 encoding)? Looks into arrays and objects, keys too.
 * Such input must be refused as invalid before it reaches a statement, where it would fail the
 * whole batch around it.
 */
export function hasUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000') || LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(hasUnstorableText);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, member]) => hasUnstorableText(key) || hasUnstorableText(member));
  }
  return false;
}
