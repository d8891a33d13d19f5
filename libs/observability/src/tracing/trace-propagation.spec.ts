import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { initTracing, type Tracing } from './init-tracing';
import { extractTraceContext, injectTraceContext } from './trace-propagation';
import { withSpan } from './with-span';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('trace context propagation', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;

  beforeAll(() => {
    tracing = initTracing({ service: 'propagation-test', spanProcessors: [new SimpleSpanProcessor(exporter)], instrumentPg: false });
  });
  afterAll(() => tracing.shutdown());

  it('injects the active span as traceparent and extracts it back', async () => {
    const headers: Record<string, string> = {};
    const sent = await withSpan('publish', {}, async (span) => {
      injectTraceContext(headers);
      return span.spanContext();
    });
    expect(headers.traceparent).toBe(`00-${sent.traceId}-${sent.spanId}-01`);

    const remote = trace.getSpanContext(extractTraceContext(headers));
    expect(remote).toMatchObject({ traceId: sent.traceId, spanId: sent.spanId, isRemote: true });

    // A consumer's span continues the producer's trace.
    const received = await context.with(extractTraceContext(headers), () => withSpan('consume', {}, async (span) => span.spanContext()));
    expect(received.traceId).toBe(sent.traceId);
    const consume = exporter.getFinishedSpans().find((s) => s.name === 'consume');
    expect(consume?.parentSpanContext?.spanId).toBe(sent.spanId);
  });

  it('carries tracestate and accepts repeated (array) headers', () => {
    const traceparent = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`;
    const extracted = extractTraceContext({ traceparent: [traceparent, 'ignored'], tracestate: 'vendor=abc' });
    const out: Record<string, string> = {};
    context.with(extracted, () => injectTraceContext(out));
    expect(out).toEqual({ traceparent, tracestate: 'vendor=abc' });
  });

  it('injects nothing outside a span and extracts nothing from garbage', () => {
    const out: Record<string, string> = {};
    injectTraceContext(out);
    expect(out).toEqual({});
    expect(trace.getSpanContext(extractTraceContext({ traceparent: 'not-a-traceparent' }))).toBeUndefined();
    expect(trace.getSpanContext(extractTraceContext({}))).toBeUndefined();
  });

  it('writes a well-formed traceparent', async () => {
    const headers: Record<string, string> = {};
    await withSpan('x', {}, async () => injectTraceContext(headers));
    expect(headers.traceparent).toMatch(TRACEPARENT);
  });
});
