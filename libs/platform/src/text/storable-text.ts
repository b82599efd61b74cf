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

/**
 * Whether any string in the value — arrays and objects searched, keys too — passes the test.
 * Iterative: a row nested twenty thousand levels deep must not overflow the stack.
 */
function someText(value: unknown, test: (text: string) => boolean): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (test(next)) return true;
    } else if (Array.isArray(next)) {
      pending.push(...(next as unknown[]));
    } else if (typeof next === 'object' && next !== null) {
      for (const [key, member] of Object.entries(next)) {
        if (test(key)) return true;
        pending.push(member);
      }
    }
  }
  return false;
}

/** Lone UTF-16 surrogates: no UTF-8 encoding exists for them. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
