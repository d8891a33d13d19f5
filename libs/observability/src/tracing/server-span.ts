import { SpanKind, trace, type Attributes, type Span } from '@opentelemetry/api';
import { extractTraceContext } from './trace-propagation';
import { activeContextManager, currentTracer } from './tracing-state';

/**
 * For hooks that cannot wrap the rest of the work in a callback (Fastify onRequest, NATS
 * consumers): starts a SERVER span whose parent is the traceparent in `headers` (a new trace when
 * absent) and makes it the active span for the rest of the current async execution, so SQL,
 * NATS and withSpan() spans become its children. The caller ends it (e.g. in onResponse).
 * Call it synchronously, before any await in the hook.
 */
export function enterServerSpan(
  name: string,
  headers: Record<string, string | string[] | undefined>,
  attributes?: Attributes,
): Span {
  const parent = extractTraceContext(headers);
  const span = currentTracer().startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  activeContextManager()?.attach(trace.setSpan(parent, span));
  return span;
}
