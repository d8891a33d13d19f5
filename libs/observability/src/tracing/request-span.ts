import { SpanKind, trace, TraceFlags, type Span, type SpanContext } from '@opentelemetry/api';
import { extractTraceContext } from './trace-propagation';
import { currentTracer, spansAreIdsOnly } from './tracing-state';

/** What a request span is named and tagged after: `<method> <route>`, `http.request.method`, `url.path`. */
export interface RequestSpanOf {
  readonly method: string;
  /** The route pattern (never the raw URL): the span's name. */
  readonly route: string;
  readonly path: string;
}

/**
 * The SERVER span of one request, child of the caller's `traceparent` (a new trace when absent).
 * When spans are collected (an exporter or a test processor), a real span from the provider. When
 * nothing would ever see it, a non-recording span with fresh ids instead: it propagates exactly the
 * traceparent the SDK's default sampler (parent-based, always on) would give — the caller's trace id
 * and sampled flag, a new span id — and log lines still carry the ids, without the SDK's span
 * bookkeeping (attributes, events, processors) on every request, nor its name and attributes built
 * at all. The caller ends it either way.
 */
export function startRequestSpan(headers: Record<string, string | string[] | undefined>, request: RequestSpanOf): Span {
  const parent = extractTraceContext(headers);
  if (!spansAreIdsOnly()) {
    const attributes = { 'http.request.method': request.method, 'url.path': request.path };
    return currentTracer().startSpan(`${request.method} ${request.route}`, { kind: SpanKind.SERVER, attributes }, parent);
  }
  return trace.wrapSpanContext(childContext(trace.getSpanContext(parent)));
}

function childContext(parent: SpanContext | undefined): SpanContext {
  const ids = freshIds();
  const spanId = ids.slice(32);
  if (parent === undefined || !trace.isSpanContextValid(parent)) {
    return { traceId: ids.slice(0, 32), spanId, traceFlags: TraceFlags.SAMPLED };
  }
  // ParentBased(AlwaysOn): sampled exactly when the parent is; the trace state travels on.
  const traceFlags = parent.traceFlags & TraceFlags.SAMPLED;
  return parent.traceState === undefined ? { traceId: parent.traceId, spanId, traceFlags } : { traceId: parent.traceId, spanId, traceFlags, traceState: parent.traceState };
}

const ID_BYTES = 16 + 8;
const idBuffer = Buffer.allocUnsafe(ID_BYTES);
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/**
 * A trace id and a span id as 48 hex characters (trace id first), from the same source as the
 * SDK's RandomIdGenerator (Math.random, 32 bits at a time) but in one buffer and one hex
 * conversion for both. All-zero ids are invalid in W3C trace context: drawn again (p = 2^-64).
 */
function freshIds(): string {
  for (;;) {
    for (let offset = 0; offset < ID_BYTES; offset += 4) idBuffer.writeUInt32BE((Math.random() * 2 ** 32) >>> 0, offset);
    const hex = idBuffer.toString('hex');
    if (!hex.startsWith(ZERO_TRACE_ID) && !hex.endsWith(ZERO_SPAN_ID)) return hex;
  }
}
