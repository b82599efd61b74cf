import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A caller-supplied id is kept so a request can be followed across systems, but only if it is a
 * plain token: it is echoed in headers and written to logs, so anything else (newlines, very long
 * strings) is replaced by a fresh UUID.
 */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFor(request: IncomingMessage): string {
  const supplied = request.headers[REQUEST_ID_HEADER];
  if (typeof supplied === 'string' && ACCEPTABLE_REQUEST_ID.test(supplied)) return supplied;
  return randomUUID();
}
