import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { initTracing } from './init-tracing';
import { withSpan } from './with-span';

interface Received {
  method: string | undefined;
  url: string | undefined;
  contentType: string | undefined;
  body: string;
}

// A stand-in collector: proves that setting the endpoint really exports spans over OTLP/HTTP.
describe('OTLP/HTTP export', () => {
  const received: Received[] = [];
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('posts spans to <endpoint>/v1/traces when an endpoint is set, flushed on shutdown', async () => {
    const tracing = initTracing({ service: 'export-test', version: '9.9.9', otlpEndpoint: endpoint, instrumentPg: false });
    await withSpan('exported span', {}, async () => undefined);
    expect(received).toHaveLength(0); // batched, not sent per span
    await tracing.shutdown();

    expect(received).toHaveLength(1);
    const [post] = received;
    expect(post).toMatchObject({ method: 'POST', url: '/v1/traces', contentType: 'application/json' });
    expect(post?.body).toContain('"exported span"');
    expect(post?.body).toContain('"export-test"');
  });

  it('exports nothing without an endpoint, and re-initialises after shutdown', async () => {
    received.length = 0;
    const tracing = initTracing({ service: 'no-export', instrumentPg: false });
    const ids = await withSpan('local only', {}, async (span) => span.spanContext());
    // Spans still get real ids for log correlation and traceparent propagation.
    expect(ids.traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    await tracing.shutdown();
    expect(received).toHaveLength(0);
  });
});
