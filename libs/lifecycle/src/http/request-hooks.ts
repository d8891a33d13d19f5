import { context, ROOT_CONTEXT, trace, type Span } from '@opentelemetry/api';
import { requestContext, startRequestSpan, type Logger, type ServiceMetrics } from '@forecastin/observability';
import { resolveRequestId } from '@forecastin/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceState } from '../state/service-state';
import { completeRequest, isProbe } from './request-completion';

const spans = new WeakMap<FastifyRequest, Span>();
const routeLabels = new WeakMap<FastifyRequest, string>();

/** What the per-request plumbing needs; kept per Fastify instance for `serveBeforeFastify`. */
export interface RequestPlumbing {
  logger: Logger;
  metrics: ServiceMetrics;
  state: ServiceState;
}

const plumbingOf = new WeakMap<FastifyInstance, RequestPlumbing>();

/** The plumbing registerRequestHooks installed on `fastify`, for requests served before its router. */
export function requestPlumbingOf(fastify: FastifyInstance): RequestPlumbing {
  const plumbing = plumbingOf.get(fastify);
  if (!plumbing) throw new Error('the chassis request hooks are not registered on this Fastify instance');
  return plumbing;
}

/**
 * Names the route a request belongs to when Fastify's router did not match it itself (e.g. the
 * gateway's proxied paths, matched by its own route table): metrics, the log line and the span
 * then carry the route pattern instead of `unmatched`, never the raw URL (cardinality).
 */
export function labelRoute(request: FastifyRequest, routePattern: string): void {
  routeLabels.set(request, routePattern);
}

/** A caller's X-Request-ID is kept when well-formed (so a trace can be followed across systems), else replaced. */
export function requestIdFor(header: string | string[] | undefined): string {
  return resolveRequestId(Array.isArray(header) ? header[0] : header);
}

/**
 * Per-request plumbing shared by every service: request id echo, log/trace context for everything
 * the request does, one server span, one metrics observation and one log line per request.
 * Kept to plain Fastify hooks: they run for every route, 404s included, at the lowest cost.
 */
export function registerRequestHooks(fastify: FastifyInstance, deps: RequestPlumbing): void {
  plumbingOf.set(fastify, deps);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    // Probes get no span: they would flood traces and cost every probe a few microseconds.
    if (isProbe(request.url)) return requestContext.run({ requestId: String(request.id) }, done);
    const span = startRequestSpan(request.headers, { method: request.method, route: request.routeOptions.url ?? 'unmatched', path: request.url });
    spans.set(request, span);
    const { traceId, spanId } = span.spanContext();
    // The span is the active one for what the request does (SQL, NATS, withSpan children, traceparent
    // out). From the root, as the extracted parent was: the active context may be a previous request's.
    context.with(trace.setSpan(ROOT_CONTEXT, span), () => requestContext.run({ requestId: String(request.id), traceId, spanId }, done));
  });

  // While stopping, ask keep-alive clients to reconnect elsewhere after this response.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (deps.state.current === 'stopping') void reply.header('connection', 'close');
    done(null, payload);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? routeLabels.get(request) ?? 'unmatched';
    completeRequest(deps, { method: request.method, url: request.url, route, status: reply.statusCode, durationMs: reply.elapsedTime, span: spans.get(request) });
    done();
  });
}
