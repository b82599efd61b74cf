const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Does the value hold text PostgreSQL cannot store — a NUL character (refused in text and jsonb)
 * or an unpaired UTF-16 surrogate (no UTF-8 encoding)? Looks into arrays and objects, keys too.
 * Such input must be refused as invalid before it reaches a statement, where it would fail the
 * whole batch around it.
 */
export function hasUnstorableText(value: unknown): boolean {
  return someText(value, (text) => text.includes('\u0000') || LONE_SURROGATE.test(text));
}

/** C0 controls other than tab, line feed and carriage return, and the non-characters U+FFFE / U+FFFF. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NON_XML_CHARACTER = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * Does the value hold a character no XML 1.0 document may contain? Such text can be stored, but
 * every SDMX-ML message or XML export carrying it would be malformed for every reader — so data
 * items refuse it on write, as they refuse NUL.
 */
export function hasNonXmlCharacter(value: unknown): boolean {
  return someText(value, (text) => NON_XML_CHARACTER.test(text));
}

/** Whether any string in the value — arrays and objects searched, keys too — passes the test. */
function someText(value: unknown, test: (text: string) => boolean): boolean {
  if (typeof value === 'string') return test(value);
  if (Array.isArray(value)) return value.some((member) => someText(member, test));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, member]) => test(key) || someText(member, test));
  }
  return false;
}
