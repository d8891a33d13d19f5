import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { initTracing, type Tracing } from './init-tracing';
import { startRequestSpan } from './request-span';
import { injectTraceContext } from './trace-propagation';

const TRACE_ID = 'a'.repeat(32);
const PARENT_SPAN_ID = 'b'.repeat(16);
const traceparent = (flags: '00' | '01') => `00-${TRACE_ID}-${PARENT_SPAN_ID}-${flags}`;
const ITEMS = { method: 'GET', route: '/items', path: '/items' };
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])$/;

function outgoing(span: ReturnType<typeof startRequestSpan>): Record<string, string> {
  const carrier: Record<string, string> = {};
  injectTraceContext(carrier, span);
  return carrier;
}

describe('startRequestSpan when nothing collects spans (ids only)', () => {
  let tracing: Tracing;
  beforeAll(() => {
    tracing = initTracing({ service: 'ids-only-test', instrumentPg: false });
  });
  afterAll(() => tracing.shutdown());

  it('continues a sampled caller trace with a new span id and propagates it', () => {
    const span = startRequestSpan({ traceparent: traceparent('01'), tracestate: 'vendor=1' }, ITEMS);
    expect(span.isRecording()).toBe(false);
    const { traceId, spanId } = span.spanContext();
    expect(traceId).toBe(TRACE_ID);
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(spanId).not.toBe(PARENT_SPAN_ID);
    expect(outgoing(span)).toEqual({ traceparent: `00-${TRACE_ID}-${spanId}-01`, tracestate: 'vendor=1' });
  });

  it('keeps an unsampled caller unsampled, as the default parent-based sampler would', () => {
    const span = startRequestSpan({ traceparent: traceparent('00') }, ITEMS);
    expect(outgoing(span).traceparent).toBe(`00-${TRACE_ID}-${span.spanContext().spanId}-00`);
  });

  it('starts a new sampled trace without (or with a malformed) traceparent, distinct per request', () => {
    const first = outgoing(startRequestSpan({}, ITEMS)).traceparent ?? '';
    const second = outgoing(startRequestSpan({ traceparent: 'garbage' }, ITEMS)).traceparent ?? '';
    expect(first).toMatch(TRACEPARENT);
    expect(second).toMatch(TRACEPARENT);
    expect(first.slice(3, 35)).not.toBe(second.slice(3, 35));
    expect(first.endsWith('-01')).toBe(true);
  });

  it('gives every request its own trace and span ids, valid W3C ids (not all zero)', () => {
    const seen = Array.from({ length: 1000 }, () => startRequestSpan({}, ITEMS).spanContext());
    for (const { traceId, spanId } of seen) {
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(trace.isSpanContextValid({ traceId, spanId, traceFlags: 1 })).toBe(true);
    }
    expect(new Set(seen.map(({ traceId }) => traceId)).size).toBe(1000);
    expect(new Set(seen.map(({ spanId }) => spanId)).size).toBe(1000);
    // The trace id and the span id of one request are different draws, not one repeated.
    expect(seen.every(({ traceId, spanId }) => !traceId.includes(spanId))).toBe(true);
  });
});

describe('startRequestSpan when spans are collected', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  beforeAll(() => {
    tracing = initTracing({ service: 'recording-test', spanProcessors: [new SimpleSpanProcessor(exporter)], instrumentPg: false });
  });
  afterAll(() => tracing.shutdown());

  it('records a SERVER span under the caller trace', () => {
    const span = startRequestSpan({ traceparent: traceparent('01') }, { method: 'GET', route: '/items/:id', path: '/items/7' });
    expect(span.isRecording()).toBe(true);
    span.end();
    const [recorded] = exporter.getFinishedSpans() as ReadableSpan[];
    expect(recorded?.kind).toBe(SpanKind.SERVER);
    expect(recorded?.spanContext().traceId).toBe(TRACE_ID);
    expect(recorded?.parentSpanContext?.spanId).toBe(PARENT_SPAN_ID);
    expect(recorded?.name).toBe('GET /items/:id');
    expect(recorded?.attributes).toEqual({ 'http.request.method': 'GET', 'url.path': '/items/7' });
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
