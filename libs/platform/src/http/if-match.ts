import { validationProblem } from '../errors/problems';

/** `If-Match: "3"` (or weak `W/"3"`) → 3; absent → undefined. ETags here are entity versions. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header === '*') return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match) {
    throw validationProblem([
      { field: 'If-Match', rule: 'etag', message: 'If-Match must be the ETag of a previous response, e.g. "3"' },
    ]);
  }
  return Number(match[1]);
}

export function etagOf(version: number): string {
  return `"${version}"`;
}
