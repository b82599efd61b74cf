/**
 * Picks the offered media type a client's Accept header prefers (RFC 9110 §12.5.1): the highest
 * q-value wins, a more specific range overrides a wider one, and ties go to the first offered.
 * Without an Accept header the first offered is chosen; undefined means none is acceptable.
 */
export function negotiate(accept: string | undefined, offered: readonly string[]): string | undefined {
  if (accept === undefined || accept.trim() === '') return offered[0];
  const ranges = accept.split(',').map(parseRange);
  let best: { type: string; q: number } | undefined;
  for (const type of offered) {
    const q = qualityOf(type, ranges);
    if (q > 0 && (best === undefined || q > best.q)) best = { type, q };
  }
  return best?.type;
}

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

function parseRange(text: string): MediaRange {
  const [range = '', ...parameters] = text.split(';').map((part) => part.trim().toLowerCase());
  const [type = '', subtype = ''] = range.split('/');
  const qParameter = parameters.find((p) => p.startsWith('q='));
  const q = qParameter === undefined ? 1 : Number(qParameter.slice(2));
  return { type, subtype, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0 };
}

/** The q of the most specific range matching the type; 0 when none does. */
function qualityOf(offered: string, ranges: readonly MediaRange[]): number {
  const [type, subtype] = offered.split('/');
  let specificity = -1;
  let q = 0;
  for (const range of ranges) {
    const matches =
      (range.type === '*' && range.subtype === '*') ||
      (range.type === type && (range.subtype === '*' || range.subtype === subtype));
    if (!matches) continue;
    const rank = range.type === '*' ? 0 : range.subtype === '*' ? 1 : 2;
    if (rank > specificity) {
      specificity = rank;
      q = range.q;
    }
  }
  return q;
}
