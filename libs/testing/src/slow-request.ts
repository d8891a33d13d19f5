import net from 'node:net';

export interface RawHttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SlowRequest {
  /** Bytes of response seen so far: 0 while the server still waits for the body. */
  bytesReceived(): number;
  /** Sends the rest of the body and resolves with the complete response; rejects on reset or timeout. */
  finish(): Promise<RawHttpResponse>;
}

const SLOW_BODY = JSON.stringify({ probe: 'graceful-shutdown', padding: 'x'.repeat(64) });

/**
 * A POST whose headers announce the whole body but which sends only half of it, so the request is
 * in flight (the server is waiting for the rest) until `finish()`.
 */
export async function openSlowRequest(port: number): Promise<SlowRequest> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const chunks: Buffer[] = [];
  let received = 0;
  let failure: Error | undefined;
  let ended = false;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    received += chunk.length;
    notify();
  });
  socket.on('error', (error) => {
    failure = error;
    notify();
  });
  socket.on('close', () => {
    ended = true;
    notify();
  });
  const half = Math.floor(SLOW_BODY.length / 2);
  socket.write(
    'POST /e2e/slow-upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(SLOW_BODY)}\r\n\r\n${SLOW_BODY.slice(0, half)}`,
  );
  return {
    bytesReceived: () => received,
    finish: () =>
      new Promise<RawHttpResponse>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error('no complete response within 10 s')), 10_000);
        const done = (error: Error | undefined, response?: RawHttpResponse) => {
          clearTimeout(timer);
          listeners.delete(check);
          socket.destroy();
          if (response) resolve(response);
          else reject(error ?? new Error('connection closed before a complete response'));
        };
        const check = () => {
          const response = parseCompleteResponse(Buffer.concat(chunks));
          if (response) done(undefined, response);
          else if (failure) done(failure);
          else if (ended) done(new Error(`connection closed after ${received} bytes, response incomplete`));
        };
        listeners.add(check);
        socket.write(SLOW_BODY.slice(half));
        check();
      }),
  };
}

/** Parses one HTTP/1.1 response if all of it (headers and the body its framing announces) has arrived. */
function parseCompleteResponse(raw: Buffer): RawHttpResponse | undefined {
  const headerEnd = raw.indexOf('\r\n\r\n');
  if (headerEnd < 0) return undefined;
  const [statusLine = '', ...headerLines] = raw.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const statusMatch = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!statusMatch?.[1]) throw new Error(`not an HTTP response: ${statusLine}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.subarray(headerEnd + 4);
  const declared = headers['content-length'];
  if (declared !== undefined) {
    const length = Number(declared);
    if (body.length < length) return undefined;
    return { statusCode: Number(statusMatch[1]), headers, body: body.subarray(0, length).toString('utf8') };
  }
  if (headers['transfer-encoding']?.includes('chunked')) {
    const decoded = decodeChunked(body);
    return decoded === undefined ? undefined : { statusCode: Number(statusMatch[1]), headers, body: decoded };
  }
  throw new Error('response has neither Content-Length nor chunked framing');
}

function decodeChunked(body: Buffer): string | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = parseInt(body.subarray(offset, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) throw new Error('malformed chunk size');
    const start = lineEnd + 2;
    if (size === 0) return body.length >= start + 2 ? Buffer.concat(parts).toString('utf8') : undefined;
    if (body.length < start + size + 2) return undefined;
    parts.push(body.subarray(start, start + size));
    offset = start + size + 2;
  }
}
