import { hostname } from 'node:os';
import pino, { type Bindings, type ChildLoggerOptions, type DestinationStream } from 'pino';
import { logContextMixin } from './log-context.mixin';
import { redactSecrets } from './redact-secrets';

export type Logger = pino.Logger;

export interface LoggerOptions {
  service: string;
  /** pino level name; default `info` (LOG_LEVEL). */
  level?: string;
  /** Default: stdout, written asynchronously (pino flushes it synchronously on process exit). */
  destination?: DestinationStream;
  /**
   * Batch stdout writes (ignored with `destination`): lines are kept until `minBytes` have
   * accumulated or `flushIntervalMs` has passed, instead of one write per line while none is in
   * flight. Costs: lines show up to `flushIntervalMs` late, and a hard crash (SIGKILL, OOM kill,
   * native abort) loses what is buffered (at most ~`minBytes`); a normal exit, an uncaught
   * exception and process.exit() still flush synchronously.
   */
  buffer?: LogBufferOptions;
}

export interface LogBufferOptions {
  /** Write once this many bytes are buffered; below SonicBoom's 16 KiB maxWrite. */
  minBytes: number;
  flushIntervalMs: number;
}

/** JSON logger: one line per entry, correlated with the request context, secrets redacted. */
export function createLogger(options: LoggerOptions): Logger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactSecrets(object),
      },
      mixin: logContextMixin,
    },
    // sync: false keeps stdout writes off the request path; lines queue while a write is in flight.
    options.destination ??
      pino.destination(
        options.buffer
          ? { dest: 1, sync: false, minLength: options.buffer.minBytes, periodicFlush: options.buffer.flushIntervalMs }
          : { dest: 1, sync: false },
      ),
  );
  redactChildBindings(logger);
  return logger;
}

/**
 * pino serialises child bindings once, without the `log` formatter, so redact them on the way in.
 * Children are created with Object.create(parent), so overriding `child` on the root covers every
 * descendant.
 */
function redactChildBindings(logger: Logger): void {
  const child: ChildFactory = logger.child;
  const redactingChild: ChildFactory = function (bindings, childOptions) {
    return child.call(this, redactSecrets(bindings), childOptions);
  };
  // defineProperty rather than assignment: pino types `child` generically over custom levels,
  // which this service-wide logger never uses.
  Object.defineProperty(logger, 'child', { value: redactingChild, writable: true, configurable: true });
}

type ChildFactory = (this: Logger, bindings: Bindings, options?: ChildLoggerOptions<never>) => Logger;
