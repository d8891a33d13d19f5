import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

/** Writes `traceparent` (and `tracestate` when set) of the active context into outgoing headers. */
export function injectTraceContext(carrier: Record<string, string>): void {
  propagation.inject(context.active(), carrier);
}

/**
 * Reads the remote parent from incoming headers (HTTP, NATS). Starts from the root context, not
 * the active one: with enterWith() the active context may still be the previous request's on a
 * keep-alive socket. Array values (repeated headers) use the first entry.
 */
export function extractTraceContext(carrier: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, carrier);
}
