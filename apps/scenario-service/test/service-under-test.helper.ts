// Generated from tools/generators/service/templates (one copy per app until libs/testing offers
// the same helpers). Starts the built service like production does and drives it over raw TCP.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { connect } from 'nats';
import { createClient } from 'redis';
import {
  createMigratedDatabase,
  runServiceCommand,
  startServiceProcess,
  testNatsEnv,
  testRedisEnv,
  uniqueTestPrefix,
  type ServiceProcess,
} from '@forecastin/testing';

export interface ServiceUnderTest {
  readonly process: ServiceProcess;
  readonly port: number;
  /** Stops the process if still running, drops its database, deletes its stream and keys. */
  cleanup(): Promise<void>;
}

/**
 * Starts `main` with its own NATS subject prefix + stream and Redis key prefix, and (with
 * `database`) its own database cloned from a template migrated by the service's `migrate` command.
 */
export async function startServiceUnderTest(options: {
  label: string;
  main: string;
  database: boolean;
}): Promise<ServiceUnderTest> {
  const prefix = uniqueTestPrefix(options.label);
  const natsEnv = testNatsEnv(prefix);
  const redisEnv = testRedisEnv(prefix);
  const database = options.database ? await migratedDatabase(options.main) : undefined;
  const env: Record<string, string> = {
    ...natsEnv,
    ...redisEnv,
    ...(database ? { DATABASE_URL: database.url } : {}),
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_MS: '8000',
    // Long enough to observe the 503 before the listener closes; short against the 15 s exit bound.
    SHUTDOWN_DELAY_MS: '300',
  };
  let child: ServiceProcess;
  try {
    child = await startServiceProcess({ main: options.main, env, readyTimeoutMs: 20_000 });
  } catch (error: unknown) {
    await database?.drop();
    throw error;
  }
  return {
    process: child,
    port: child.port,
    cleanup: async () => {
      await child.stop();
      await database?.drop();
      await deleteStream(natsEnv['EVENTS_STREAM']);
      await deleteKeys(redisEnv['REDIS_KEY_PREFIX']);
    },
  };
}

/**
 * A database cloned from a template that the service's own `migrate` command built. The template
 * is rebuilt whenever the built migrations change (their files are the fingerprint).
 */
export async function migratedDatabase(main: string) {
  const migrationsDir = path.join(path.dirname(main), 'migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsDir).filter((name) => name.endsWith('.js')).sort()) {
    hash.update(file).update('\0').update(readFileSync(path.join(migrationsDir, file)));
  }
  return createMigratedDatabase({
    templateKey: path.basename(path.dirname(path.dirname(main))),
    fingerprint: hash.digest('hex'),
    migrate: async (url: string) => {
      const result = await runServiceCommand(main, ['migrate'], { DATABASE_URL: url });
      if (result.code !== 0) {
        throw new Error(`migrate exited with ${String(result.code)}:\n${result.output.join('\n')}`);
      }
    },
  });
}

async function deleteStream(stream: string | undefined): Promise<void> {
  if (!stream) return;
  const nc = await connect({ servers: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222', timeout: 2000 });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

async function deleteKeys(prefix: string | undefined): Promise<void> {
  if (!prefix) return;
  const client = createClient({ url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379' });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}

/** `GET /health/ready` on a fresh connection: the status code, or 'refused' once the listener is closed. */
export function readinessStatus(port: number): Promise<number | 'refused'> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/health/ready', agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error('readiness probe timed out')));
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET') resolve('refused');
      else reject(error);
    });
  });
}

/** Polls readiness until it is no longer 200; returns what it saw ('503' or 'refused'). */
export async function waitUntilNotReady(port: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await readinessStatus(port);
    if (status !== 200) return String(status);
    if (Date.now() > deadline) throw new Error(`/health/ready still answered 200 after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

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
