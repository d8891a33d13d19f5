import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export interface CapturedLogger {
  /** A real pino logger (same API services get), writing JSON records into memory. */
  readonly logger: Logger;
  records(): Array<Record<string, unknown>>;
  /** Records whose `msg` contains `text`. */
  withMessage(text: string): Array<Record<string, unknown>>;
}

/** For asserting what a component logged without parsing a process's stdout. */
export function createCaptureLogger(level: pino.LevelWithSilent = 'debug'): CapturedLogger {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level }, sink);
  const records = (): Array<Record<string, unknown>> =>
    lines.flatMap((line) => line.split('\n')).filter((line) => line.length > 0).map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    logger,
    records,
    withMessage: (text) => records().filter((record) => typeof record['msg'] === 'string' && record['msg'].includes(text)),
  };
}
