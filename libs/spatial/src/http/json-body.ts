import { Readable } from 'node:stream';
import { platformProblem, validationProblem } from '@hutong/platform';

/** A single feature is small; a body past this is a file and belongs in an import. */
export const MAX_FEATURE_BYTES = 16 * 1024 ** 2;

/**
 * The JSON body of a request: already parsed (application/json), or read from the stream that
 * `application/geo+json` bodies arrive as (that type is streamed for imports), up to a limit.
 */
export async function jsonBodyOf(body: unknown): Promise<unknown> {
  if (!(body instanceof Readable)) return body;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FEATURE_BYTES) {
      body.destroy();
      throw platformProblem('payload-too-large', `A feature is at most ${MAX_FEATURE_BYTES} bytes; import larger data.`);
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw validationProblem([{ field: 'body', rule: 'json', message: 'the body is not valid JSON' }]);
  }
}
