import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Spooled {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export class NotUtf8Error extends Error {
  constructor(readonly line: number) {
    super(`the file is not valid UTF-8 (first bad byte on line ${line})`);
  }
}

export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
  }
}

/**
 * Receives an upload into a file at network speed while hashing it (the import's identity, for
 * idempotency) and checking that it is UTF-8 — so a GBK file is refused before a single row is
 * applied, with the line of its first bad byte. Memory stays at one chunk whatever the file size.
 */
export async function spool(upload: Readable, path: string, maxBytes: number): Promise<Spooled> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let newlines = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) return callback(new TooLargeError(maxBytes));
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return callback(new NotUtf8Error(newlines + countNewlines(chunk, firstInvalidOffset(chunk)) + 1));
      }
      newlines += countNewlines(chunk, chunk.length);
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      try {
        decoder.decode();
      } catch {
        return callback(new NotUtf8Error(newlines + 1));
      }
      callback();
    },
  });
  await pipeline(upload, check, createWriteStream(path));
  return { path, sha256: hash.digest('hex'), bytes };
}

function countNewlines(chunk: Buffer, end: number): number {
  let count = 0;
  for (let index = chunk.indexOf(10); index !== -1 && index < end; index = chunk.indexOf(10, index + 1)) count += 1;
  return count;
}

/** Where the first byte that cannot start or continue a UTF-8 sequence is (approximate at chunk edges). */
function firstInvalidOffset(chunk: Buffer): number {
  let index = 0;
  while (index < chunk.length) {
    const byte = chunk[index] ?? 0;
    const length =
      byte < 0x80 ? 1 : byte >= 0xc2 && byte < 0xe0 ? 2 : byte >= 0xe0 && byte < 0xf0 ? 3 : byte >= 0xf0 && byte < 0xf5 ? 4 : 0;
    if (length === 0) return index;
    for (let next = 1; next < length; next += 1) {
      const continuation = chunk[index + next];
      if (continuation !== undefined && (continuation & 0xc0) !== 0x80) return index;
    }
    index += length;
  }
  return chunk.length;
}
