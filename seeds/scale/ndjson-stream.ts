/** Rows encoded per pull: large enough that encoding and the HTTP write are efficient, small enough to stay a few hundred kB. */
export const ROWS_PER_PIECE = 1_000;

/**
 * Rows [start, end) as NDJSON bytes, made only as the stream is read (a pull-based ReadableStream,
 * so the HTTP client's backpressure paces the generator): at most a piece of rows is in memory,
 * whatever the chunk's size. The bytes depend only on the rows, so the same rows give the same
 * file — and the same import.
 */
export function ndjsonStream(
  start: number,
  end: number,
  rowAt: (index: number) => unknown,
  rowsPerPiece = ROWS_PER_PIECE,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = start;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (next >= end) {
          controller.close();
          return;
        }
        const stop = Math.min(end, next + rowsPerPiece);
        const lines: string[] = [];
        for (; next < stop; next += 1) lines.push(JSON.stringify(rowAt(next)));
        controller.enqueue(encoder.encode(`${lines.join('\n')}\n`));
        if (next >= end) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}
