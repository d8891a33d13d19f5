import { SpanKind, trace, TraceFlags, type Attributes, type Span, type SpanContext } from '@opentelemetry/api';
import { RandomIdGenerator } from '@opentelemetry/sdk-trace-base';
import { extractTraceContext } from './trace-propagation';
import { currentTracer, spansAreIdsOnly } from './tracing-state';

const ids = new RandomIdGenerator();

/**
 * The SERVER span of one request, child of the caller's `traceparent` (a new trace when absent).
 * When spans are collected (an exporter or a test processor), a real span from the provider. When
 * nothing would ever see it, a non-recording span with fresh ids instead: it propagates exactly the
 * traceparent the SDK's default sampler (parent-based, always on) would give — the caller's trace id
 * and sampled flag, a new span id — and log lines still carry the ids, without the SDK's span
 * bookkeeping (attributes, events, processors) on every request. The caller ends it either way.
 */
export function startRequestSpan(name: string, headers: Record<string, string | string[] | undefined>, attributes?: Attributes): Span {
  const parent = extractTraceContext(headers);
  if (!spansAreIdsOnly()) return currentTracer().startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  return trace.wrapSpanContext(childContext(trace.getSpanContext(parent)));
}

function childContext(parent: SpanContext | undefined): SpanContext {
  const spanId = ids.generateSpanId();
  if (parent === undefined || !trace.isSpanContextValid(parent)) {
    return { traceId: ids.generateTraceId(), spanId, traceFlags: TraceFlags.SAMPLED };
  }
  // ParentBased(AlwaysOn): sampled exactly when the parent is; the trace state travels on.
  const traceFlags = parent.traceFlags & TraceFlags.SAMPLED;
  return parent.traceState === undefined ? { traceId: parent.traceId, spanId, traceFlags } : { traceId: parent.traceId, spanId, traceFlags, traceState: parent.traceState };
}
