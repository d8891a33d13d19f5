import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { errorEnvelopeSchema } from '@forecastin/contracts';
import { BodyTooLargeError, limitBodyStream } from './body-limit.stream';
import { registerEdgeHygiene } from './edge-hygiene';

async function edgeApp(): Promise<{ app: FastifyInstance; port: number; reached: () => number }> {
  let reached = 0;
  const app = Fastify({ genReqId: () => 'req_edge_test' });
  registerEdgeHygiene(app, { allowedVersions: ['1.0'], corsOrigins: ['https://app.example'], corsMaxAgeSeconds: 600, bodyLimitBytes: 1024 });
  // Stands in for the proxy: counts what gets past the edge, never parses the body.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  app.all('/api/v1/*', async () => {
    reached += 1;
    return { ok: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.address() as AddressInfo).port, reached: () => reached };
}

interface Sent {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}
interface Received {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Real sockets: light-my-request (fastify.inject) cannot load under Jest's CommonJS runtime here. */
function send(port: number, sent: Sent): Promise<Received> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ port, host: '127.0.0.1', method: sent.method ?? 'GET', path: sent.url, headers: sent.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(sent.payload);
  });
}

function expectEnvelope(body: string, code: string): void {
  const parsed = errorEnvelopeSchema.parse(JSON.parse(body));
  expect(parsed.error).toMatchObject({ code, request_id: 'req_edge_test' });
}

describe('registerEdgeHygiene', () => {
  let app: FastifyInstance;
  let reached: () => number;
  let port: number;
  const inject = (sent: Sent): Promise<Received> => send(port, sent);
  beforeAll(async () => {
    ({ app, port, reached } = await edgeApp());
  });
  afterAll(() => app.close());

  it('puts security headers and Content-Version on successes and errors alike', async () => {
    for (const response of [await inject({ url: '/api/v1/things' }), await inject({ url: '/nope' })]) {
      expect(response.headers).toMatchObject({
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'content-version': '1.0',
      });
    }
  });

  it('answers an unsupported Accept-Version with 406 and lets a supported one through', async () => {
    const refused = await inject({ url: '/api/v1/things', headers: { 'accept-version': '2.0' } });
    expect(refused.statusCode).toBe(406);
    expectEnvelope(refused.body, 'NOT_ACCEPTABLE');
    expect((await inject({ url: '/api/v1/things', headers: { 'accept-version': '1.0' } })).statusCode).toBe(200);
  });

  it.each([
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['multipart/form-data; boundary=x', 415],
    ['application/jsonp', 415],
    ['application/json', 200],
    ['application/json; charset=utf-8', 200],
    ['application/merge-patch+json', 200],
  ])('a POST body of type %s → %d', async (type, status) => {
    const before = reached();
    const response = await inject({ method: 'POST', url: '/api/v1/things', headers: { 'content-type': type }, payload: '{"a":1}' });
    expect(response.statusCode).toBe(status);
    if (status === 415) {
      expectEnvelope(response.body, 'UNSUPPORTED_MEDIA_TYPE');
      expect(reached()).toBe(before);
    }
  });

  it('requires a content type on a write with a body, not on a bodiless write or a read', async () => {
    const noType = await inject({ method: 'PATCH', url: '/api/v1/things', payload: Buffer.from('{}') });
    expect(noType.statusCode).toBe(415);
    expect((await inject({ method: 'POST', url: '/api/v1/things/1/actions' })).statusCode).toBe(200);
    expect((await inject({ method: 'DELETE', url: '/api/v1/things/1' })).statusCode).toBe(200);
  });

  it('refuses a declared body over the limit with 413 before it reaches a route, dropping the body rather than the connection', async () => {
    const before = reached();
    const response = await inject({ method: 'POST', url: '/api/v1/things', headers: { 'content-type': 'application/json' }, payload: 'x'.repeat(2048) });
    expect(response.statusCode).toBe(413);
    expectEnvelope(response.body, 'PAYLOAD_TOO_LARGE');
    // Closing with the body unread would reset a client still sending (pipeline.e2e-spec sends 2 MB).
    expect(response.headers['connection']).not.toBe('close');
    expect(reached()).toBe(before);
  });

  it('answers preflights itself, with CORS headers only for allowed origins', async () => {
    const preflight = (origin: string) =>
      inject({ method: 'OPTIONS', url: '/api/v1/things', headers: { origin, 'access-control-request-method': 'POST' } });
    const allowed = await preflight('https://app.example');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-methods': expect.stringContaining('PATCH'),
      'access-control-allow-headers': expect.stringContaining('authorization'),
      'access-control-max-age': '600',
    });
    const denied = await preflight('https://evil.example');
    expect(denied.statusCode).toBe(204);
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
    const before = reached();
    await preflight('https://app.example');
    expect(reached()).toBe(before);
  });

  it('adds CORS headers to actual responses for allowed origins only', async () => {
    const allowed = await inject({ url: '/api/v1/things', headers: { origin: 'https://app.example' } });
    expect(allowed.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example', vary: 'Origin' });
    expect(allowed.headers['access-control-expose-headers']).toContain('ratelimit-remaining');
    const other = await inject({ url: '/api/v1/things', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('limitBodyStream', () => {
  /** A server that streams each body through the limiter and reports the bytes it let through or the error. */
  async function withServer(maxBytes: number, run: (port: number) => Promise<void>): Promise<void> {
    const server = createServer((req: IncomingMessage, res) => {
      const body = limitBodyStream(req, maxBytes);
      let bytes = 0;
      body.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      body.on('end', () => res.end(JSON.stringify({ bytes })));
      body.on('error', (error) => {
        res.statusCode = error instanceof BodyTooLargeError ? 413 : 500;
        res.setHeader('connection', 'close');
        res.end(JSON.stringify({ bytes, error: error.message }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await run((server.address() as AddressInfo).port);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  function sendChunked(port: number, chunks: readonly Buffer[]): Promise<{ status: number; body: { bytes: number; error?: string } }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { bytes: number; error?: string } }));
      });
      req.on('error', reject);
      const write = (index: number): void => {
        const chunk = chunks[index];
        if (chunk === undefined) return void req.end();
        if (req.destroyed) return;
        req.write(chunk, () => setImmediate(() => write(index + 1)));
      };
      write(0);
    });
  }

  it('passes a chunked body under the limit through whole', async () => {
    await withServer(1000, async (port) => {
      expect(await sendChunked(port, [Buffer.alloc(400), Buffer.alloc(400)])).toEqual({ status: 200, body: { bytes: 800 } });
    });
  });

  it('stops a chunked body as soon as it passes the limit, without buffering it', async () => {
    await withServer(1000, async (port) => {
      const result = await sendChunked(port, Array.from({ length: 20 }, () => Buffer.alloc(300)));
      expect(result.status).toBe(413);
      expect(result.body.bytes).toBeLessThanOrEqual(1000);
      expect(result.body.error).toMatch(/exceeds 1000 bytes/);
    });
  });

  it('hands back the request itself when Content-Length was declared (already checked at the edge)', () => {
    const req = { headers: { 'content-length': '10' } } as unknown as IncomingMessage;
    expect(limitBodyStream(req, 5)).toBe(req);
  });
});
