import { Cql2Error } from './cql2-error';

const ESCAPE = '\\';
const DANGLING_ESCAPE = 'a LIKE pattern cannot end with a lone escape character "\\"';

/**
 * The CQL2 LIKE pattern as a PostgreSQL `LIKE … ESCAPE '\'` pattern. Both use `%`, `_` and a
 * backslash escape, so this mostly copies; it is spelt out so that the two agree on every
 * input: an escaped ordinary character is that character (PostgreSQL agrees, but it is
 * written plainly here), and a trailing lone backslash — an error in PostgreSQL — is refused
 * before it reaches the database.
 */
export function toPostgresLikePattern(pattern: string): string {
  if (endsWithLoneEscape(pattern)) throw new Cql2Error('syntax', DANGLING_ESCAPE);
  let result = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern.charAt(i);
    if (char !== ESCAPE) {
      result += char;
      continue;
    }
    i += 1;
    const escaped = pattern.charAt(i);
    result += escaped === '%' || escaped === '_' || escaped === ESCAPE ? ESCAPE + escaped : escaped;
  }
  return result;
}

/** Refuses a pattern the compiler could not translate, while the parser still knows where it is. */
export function checkLikePattern(pattern: string, where: string): string {
  if (endsWithLoneEscape(pattern)) throw new Cql2Error('syntax', `${where}: ${DANGLING_ESCAPE}`);
  return pattern;
}

function endsWithLoneEscape(pattern: string): boolean {
  const trailingEscapes = pattern.length - pattern.replace(/\\+$/, '').length;
  return trailingEscapes % 2 === 1;
}
