import type { IncomingHttpHeaders } from 'node:http';
import { injectTraceContext, type Span } from '@forecastin/observability';
import { IDENTITY_HEADER } from '@forecastin/lifecycle';

/** Identity-looking headers other gateways or older clients use; a caller must never set any of them. */
const SPOOFABLE = ['x-user-id', 'x-workspace-id', 'x-roles', 'x-forwarded-user', 'x-auth-request-user', 'x-remote-user'];

/**
 * Rewrites the caller's headers in place for the upstream: drops every identity header the caller
 * sent (any `x-forecastin-*` and the usual suspects) and the bearer token (services trust only the
 * gateway's signed identity), then sets the signed identity, the request id and `traceparent` (of
 * the request's `span` when given, else of the active context).
 */
export function prepareForwardHeaders(headers: IncomingHttpHeaders, signedIdentity: string, requestId: string, span?: Span): void {
  for (const name of Object.keys(headers)) {
    if (name.startsWith('x-forecastin-')) delete headers[name];
  }
  for (const name of SPOOFABLE) delete headers[name];
  delete headers.authorization;
  delete headers.traceparent;
  delete headers.tracestate;
  headers[IDENTITY_HEADER] = signedIdentity;
  headers['x-request-id'] = requestId;
  const trace: Record<string, string> = {};
  injectTraceContext(trace, span);
  Object.assign(headers, trace);
}
