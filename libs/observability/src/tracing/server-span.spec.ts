import { SpanKind, type Span } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import Fastify, { type FastifyInstance } from 'fastify';
import { MemoryDestination } from '../../test/memory-destination';
import { requestContext } from '../context/request-context';
import { createLogger } from '../logging/create-logger';
import { initTracing, type Tracing } from './init-tracing';
import { enterServerSpan } from './server-span';
import { withSpan } from './with-span';

// The way libs/lifecycle wires this library into Fastify: hooks, not wrappers.
describe('enterServerSpan in Fastify hooks', () => {
  const exporter = new InMemorySpanExporter();
  const logs = new MemoryDestination();
  let tracing: Tracing;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    tracing = initTracing({ service: 'hooks-test', spanProcessors: [new SimpleSpanProcessor(exporter)], instrumentPg: false });
    const logger = createLogger({ service: 'hooks-test', destination: logs });
    app = Fastify();
    app.addHook('onRequest', (request, _reply, done) => {
      const span = enterServerSpan(`${request.method} ${request.routeOptions.url ?? 'unmatched'}`, request.headers);
      const { traceId, spanId } = span.spanContext();
      requestContext.enterWith({ requestId: String(request.headers['x-request-id']), traceId, spanId });
      request.span = span;
      done();
    });
    app.addHook('onResponse', (request, reply, done) => {
      request.span?.setAttribute('http.response.status_code', reply.statusCode);
      request.span?.end();
      done();
    });
    app.get('/items/:id', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return withSpan('load item', {}, async () => {
        logger.info('loading');
        return { ok: true };
      });
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await tracing.shutdown();
  });

  it('continues the caller trace, parents inner spans and correlates logs, per request', async () => {
    const callers = ['1', '2', '3'].map((n) => ({ requestId: `req-${n}`, traceId: n.repeat(32), parentSpanId: n.repeat(16) }));
    await Promise.all(
      callers.map(async ({ requestId, traceId, parentSpanId }) => {
        const response = await fetch(`${base}/items/${requestId}`, {
          headers: { 'x-request-id': requestId, traceparent: `00-${traceId}-${parentSpanId}-01` },
        });
        expect(response.status).toBe(200);
      }),
    );

    const spans = exporter.getFinishedSpans();
    for (const { requestId, traceId, parentSpanId } of callers) {
      const server = spans.find((s) => s.kind === SpanKind.SERVER && s.spanContext().traceId === traceId);
      const inner = spans.find((s) => s.name === 'load item' && s.spanContext().traceId === traceId);
      expect(server?.name).toBe('GET /items/:id');
      expect(server?.parentSpanContext?.spanId).toBe(parentSpanId);
      expect(server?.attributes['http.response.status_code']).toBe(200);
      expect(inner?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
      const line = logs.lines.find((l) => l.request_id === requestId);
      expect(line).toMatchObject({ msg: 'loading', trace_id: traceId, span_id: inner?.spanContext().spanId });
    }
  });

  it('starts a new trace when the caller sends none', async () => {
    exporter.reset();
    await fetch(`${base}/items/x`, { headers: { 'x-request-id': 'req-new' } });
    const server = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER);
    expect(server?.parentSpanContext).toBeUndefined();
    expect(server?.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});

declare module 'fastify' {
  interface FastifyRequest {
    span?: Span;
  }
}
