import type { IncomingMessage } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';

/** Raised (as the stream's error) when a streamed body passes the limit: answer 413 and abort the upstream request. */
export class BodyTooLargeError extends Error {
  readonly code = 'PAYLOAD_TOO_LARGE';

  constructor(readonly limitBytes: number) {
    super(`request body exceeds ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

class CountingLimit extends Transform {
  private seen = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) return callback(new BodyTooLargeError(this.maxBytes));
    callback(null, chunk);
  }
}

/**
 * The body to stream upstream (http-proxy's `buffer` option), never buffered. A declared
 * Content-Length was already checked at the edge and Node's parser holds the body to it, so the
 * request itself is returned at no cost; a chunked body goes through a counter that errors with
 * BodyTooLargeError as soon as it passes `maxBytes`.
 */
export function limitBodyStream(req: IncomingMessage, maxBytes: number): Readable {
  if (req.headers['content-length'] !== undefined) return req;
  const limited = new CountingLimit(maxBytes);
  req.on('error', (error) => limited.destroy(error));
  limited.on('error', () => req.unpipe(limited));
  return req.pipe(limited);
}
