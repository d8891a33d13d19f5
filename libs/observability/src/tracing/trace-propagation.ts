import { context, propagation, ROOT_CONTEXT, trace, type Context, type Span } from '@opentelemetry/api';

/**
 * Writes `traceparent` (and `tracestate` when set) into outgoing headers: of `span` when given (a
 * request served outside any active context, see startRequestSpan), else of the active context.
 */
export function injectTraceContext(carrier: Record<string, string>, span?: Span): void {
  propagation.inject(span === undefined ? context.active() : trace.setSpan(ROOT_CONTEXT, span), carrier);
}

/**
 * Reads the remote parent from incoming headers (HTTP, NATS). Starts from the root context, not
 * the active one: with enterWith() the active context may still be the previous request's on a
 * keep-alive socket. Array values (repeated headers) use the first entry.
 */
export function extractTraceContext(carrier: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, carrier);
}
