import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { newRequestContext, RequestContext } from '../context/request-context';
import { createLogger } from './logger';

function capture(): { lines: Array<Record<string, unknown>>; stream: Writable } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('adds the request id of the surrounding request to every line', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info', destination: stream });
    RequestContext.run(newRequestContext('req-42'), () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', requestId: 'req-42', level: 'info' });
    expect(lines[1]?.requestId).toBeUndefined();
  });

  it('redacts bearer tokens and client assertions', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info', destination: stream });
    logger.info(
      { req: { headers: { authorization: 'Bearer eyJabc' } }, form: { client_assertion: 'eyJsecret' } },
      'token request',
    );
    const text = JSON.stringify(lines);
    expect(text).not.toContain('eyJabc');
    expect(text).not.toContain('eyJsecret');
    expect(text).toContain('[redacted]');
  });

  it('masks citizen IDs in messages and error messages', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info', destination: stream });
    logger.info('looked up 11010519491231002X');
    logger.error({ err: new Error('no person 440524188001010014') }, 'failed');
    const text = JSON.stringify(lines);
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('440524188001010014');
    expect(text).toContain('110105********002X');
  });
});
