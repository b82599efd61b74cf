import * as OpenCC from 'opencc-js';

interface OpenCCModule {
  Converter(options: { from: string; to: string }): (text: string) => string;
}

/**
 * Traditional (Taiwan, Hong Kong and OpenCC's own variants) to mainland simplified. The package's
 * own typings resolve under tsc but not under typescript-eslint's project service, hence the
 * narrow local interface.
 */
const toSimplified = (OpenCC as unknown as OpenCCModule).Converter({ from: 't', to: 'cn' });

/**
 * The form names and catalog text are stored and searched in, so that 廣州市公安局, 广州市公安局 and
 * "广州市 公安局" all find the same thing: Unicode NFKC (full-width letters and digits to
 * half-width), traditional characters to simplified with OpenCC's dictionaries, whitespace
 * removed, Latin letters lower-cased.
 */
export function normalizeSearchText(name: string): string {
  return toSimplified(name.normalize('NFKC')).replace(/\s+/gu, '').toLowerCase();
}

/** A LIKE pattern that matches the normalized query anywhere, with LIKE's wildcards escaped. */
export function containsPattern(query: string): string {
  return `%${normalizeSearchText(query).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The distinct character bigrams of normalised text: the n-gram index of catalog search. Any query
 * of two or more characters matches only rows holding all of its bigrams, which a GIN index finds
 * without a word segmenter; a one-character query has none and falls back to a scan.
 */
export function searchBigrams(text: string): string[] {
  const chars = [...normalizeSearchText(text)];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) grams.add(`${chars[i]}${chars[i + 1]}`);
  return [...grams];
}
