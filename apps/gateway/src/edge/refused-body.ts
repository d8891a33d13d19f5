import type { IncomingMessage } from 'node:http';

/**
 * How long the rest of a refused body is read and dropped. A client still sending when the 413
 * comes would otherwise have its connection reset under it (closing a socket with unread input
 * sends RST) and see a write error instead of the answer; nginx lingers the same way.
 */
const REFUSED_BODY_LINGER_MS = 5_000;

/**
 * Reads and drops the rest of a refused request body, for at most REFUSED_BODY_LINGER_MS, then cuts
 * the connection. Answer without `connection: close`: once the body has ended the connection is
 * usable again.
 */
export function drainRefusedBody(req: IncomingMessage): void {
  req.resume();
  const cut = setTimeout(() => req.socket.destroy(), REFUSED_BODY_LINGER_MS);
  cut.unref();
  const stop = (): void => clearTimeout(cut);
  req.once('end', stop);
  req.once('close', stop);
}
