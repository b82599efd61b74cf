import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ndjsonStream } from './ndjson-stream';

async function read(stream: ReadableStream<Uint8Array>): Promise<{ text: string; pieces: number }> {
  const decoder = new TextDecoder();
  let text = '';
  let pieces = 0;
  for await (const piece of stream) {
    pieces += 1;
    text += decoder.decode(piece, { stream: true });
  }
  return { text, pieces };
}

describe('ndjsonStream', () => {
  const rowAt = (index: number) => ({ index, name: `第${index}行` });

  it('writes rows [start, end) one JSON object per line, in UTF-8', async () => {
    const { text } = await read(ndjsonStream(5, 8, rowAt));
    expect(text).toBe('{"index":5,"name":"第5行"}\n{"index":6,"name":"第6行"}\n{"index":7,"name":"第7行"}\n');
  });

  it('makes rows only as they are read, a piece at a time', async () => {
    let made = 0;
    const stream = ndjsonStream(0, 10_000, (index) => ((made += 1), rowAt(index)), 100);
    const reader = stream.getReader();
    await reader.read();
    expect(made).toBeLessThanOrEqual(200);
    await reader.cancel();
    const { pieces } = await read(ndjsonStream(0, 1_050, rowAt, 100));
    expect(pieces).toBe(11);
  });

  it('gives the same bytes for the same rows (the import’s identity)', async () => {
    const hash = async (stream: ReadableStream<Uint8Array>) =>
      createHash('sha256')
        .update((await read(stream)).text)
        .digest('hex');
    expect(await hash(ndjsonStream(0, 3_000, rowAt, 250))).toBe(await hash(ndjsonStream(0, 3_000, rowAt, 1000)));
  });

  it('is empty for an empty range', async () => {
    expect((await read(ndjsonStream(3, 3, rowAt))).text).toBe('');
  });
});
