import { validationProblem } from '@hutong/platform';
import type { PagePosition } from './dataset-query.repository';

/**
 * Cursors are opaque to callers: the last row's sort value and key, and the sort they belong to
 * (a cursor from another sort would skip or repeat rows, so it is refused). Nothing in a cursor is
 * trusted: it only ever becomes query parameters.
 */
export function encodeCursor(sort: string, position: PagePosition): string {
  return Buffer.from(JSON.stringify({ s: sort, v: position.value, k: position.key })).toString('base64url');
}

export function decodeCursor(sort: string, cursor: string, isValue: (text: string) => boolean = () => true): PagePosition {
  const refused = () =>
    validationProblem([
      { field: 'cursor', rule: 'cursor', message: 'pass the nextCursor of the previous page, with the same sort' },
    ]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused();
  }
  if (typeof decoded !== 'object' || decoded === null) throw refused();
  const { s, v, k } = decoded as Record<string, unknown>;
  if (s !== sort || typeof k !== 'string' || k.includes('\0') || !(v === null || typeof v === 'string')) throw refused();
  if (v !== null && !isValue(v)) throw refused();
  return { value: v, key: k };
}
