import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export interface CapturedLogs {
  readonly logger: Logger;
  /** Messages (`msg`) logged so far, in order. */
  messages(): string[];
}

/** A real pino logger whose JSON lines are kept in memory so tests can assert on state-change logs. */
export function capturingLogger(): CapturedLogs {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  return {
    logger,
    messages: () =>
      lines.map((line) => {
        const parsed: unknown = JSON.parse(line);
        return typeof parsed === 'object' && parsed !== null && 'msg' in parsed ? String(parsed.msg) : '';
      }),
  };
}
