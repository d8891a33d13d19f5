import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { headers as createHeaders, type MsgHdrs } from 'nats';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * The header fields of an outgoing message: the active trace context (traceparent/tracestate, via
 * the globally registered propagator) and the request id, so the consumer's logs and spans join the
 * producer's. A plain record, so the outbox can store them with the event and send them later.
 */
export function outgoingHeaderFields(requestId: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const fields = { ...carrier, ...extra };
  if (requestId !== undefined) fields[REQUEST_ID_HEADER] = requestId;
  return fields;
}

/** NATS headers holding `fields`. */
export function headersFromFields(fields: Readonly<Record<string, string>>): MsgHdrs {
  const headers = createHeaders();
  for (const [name, value] of Object.entries(fields)) headers.set(name, value);
  return headers;
}

/** NATS headers for an outgoing message (see `outgoingHeaderFields`). */
export function outgoingHeaders(requestId: string | undefined, extra: Record<string, string> = {}): MsgHdrs {
  return headersFromFields(outgoingHeaderFields(requestId, extra));
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
