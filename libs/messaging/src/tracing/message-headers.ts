import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { headers as createHeaders, type MsgHdrs } from 'nats';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * NATS headers for an outgoing message: the active trace context (traceparent/tracestate, via the
 * globally registered propagator) and the request id, so the consumer's logs and spans join the
 * producer's.
 */
export function outgoingHeaders(requestId: string | undefined, extra: Record<string, string> = {}): MsgHdrs {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const headers = createHeaders();
  for (const [name, value] of Object.entries({ ...carrier, ...extra })) headers.set(name, value);
  if (requestId !== undefined) headers.set(REQUEST_ID_HEADER, requestId);
  return headers;
}

/**
 * The trace context a producer put in the headers. Starts from the root context, not the active
 * one: a consumer loop must not parent one message's span on whatever ran before it.
 */
export function extractTraceContext(headers: MsgHdrs | undefined): Context {
  const carrier: Record<string, string> = {};
  if (headers) for (const name of headers.keys()) carrier[name.toLowerCase()] = headers.get(name);
  return propagation.extract(ROOT_CONTEXT, carrier);
}

export function headerValue(headers: MsgHdrs | undefined, name: string): string | undefined {
  if (!headers?.has(name)) return undefined;
  return headers.get(name);
}
