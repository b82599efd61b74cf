import { get } from 'node:http';

export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string | undefined;
  readonly data: string;
}

/**
 * Opens a Server-Sent Events stream, collects `count` messages (comments are not messages), and
 * closes the connection — as an EventSource that goes away would. Rejects on a non-200 answer.
 */
export function readSse(url: string, headers: Record<string, string>, count: number, timeoutMs = 20_000): Promise<SseMessage[]> {
  return new Promise((resolve, reject) => {
    const messages: SseMessage[] = [];
    let buffer = '';
    const request = get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`stream answered ${response.statusCode}`));
        response.resume();
        return;
      }
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message = parseBlock(block);
          if (message) messages.push(message);
          if (messages.length >= count) {
            clearTimeout(timer);
            request.destroy();
            resolve(messages);
            return;
          }
        }
      });
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`only ${messages.length} of ${count} stream messages within ${timeoutMs} ms`));
    }, timeoutMs);
    request.on('error', (error) => {
      if (messages.length < count) reject(error);
    });
  });
}

function parseBlock(block: string): SseMessage | undefined {
  let id: string | undefined;
  let event: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length === 0 ? undefined : { id, event, data: data.join('\n') };
}
