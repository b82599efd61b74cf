import { Writable } from 'node:stream';
import { createLogger, type Logger, type LogLevel } from '@hutong/platform';

/** A real pino logger whose JSON lines are kept in memory, so tests can read what operators would. */
export class CapturedLogs {
  readonly lines: string[] = [];
  readonly logger: Logger;

  constructor(level: LogLevel = 'debug') {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        this.lines.push(...chunk.toString().split('\n').filter(Boolean));
        callback();
      },
    });
    this.logger = createLogger({ level, destination: sink });
  }

  get text(): string {
    return this.lines.join('\n');
  }

  parsed(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}
