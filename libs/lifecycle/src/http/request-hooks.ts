import { context, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { extractTraceContext, requestContext, type Logger, type ServiceMetrics } from '@forecastin/observability';
import { resolveRequestId } from '@forecastin/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceState } from '../state/service-state';

const spans = new WeakMap<FastifyRequest, Span>();
const routeLabels = new WeakMap<FastifyRequest, string>();

/**
 * Names the route a request belongs to when Fastify's router did not match it itself (e.g. the
 * gateway's proxied paths, matched by its own route table): metrics, the log line and the span
 * then carry the route pattern instead of `unmatched`, never the raw URL (cardinality).
 */
export function labelRoute(request: FastifyRequest, routePattern: string): void {
  routeLabels.set(request, routePattern);
}

/** Probe traffic (Kubernetes every few seconds) is logged at debug so it does not drown real requests. */
const isProbe = (url: string): boolean => url.startsWith('/health/') || url === '/metrics';

/** A caller's X-Request-ID is kept when well-formed (so a trace can be followed across systems), else replaced. */
export function requestIdFor(header: string | string[] | undefined): string {
  return resolveRequestId(Array.isArray(header) ? header[0] : header);
}

/**
 * Per-request plumbing shared by every service: request id echo, log/trace context for everything
 * the request does, one server span, one metrics observation and one log line per request.
 * Kept to plain Fastify hooks: they run for every route, 404s included, at the lowest cost.
 */
export function registerRequestHooks(
  fastify: FastifyInstance,
  deps: { logger: Logger; metrics: ServiceMetrics; tracer: Tracer; state: ServiceState },
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    // Probes get no span: they would flood traces and cost every probe a few microseconds.
    if (isProbe(request.url)) return requestContext.run({ requestId: String(request.id) }, done);
    const parent = extractTraceContext(request.headers);
    const span = deps.tracer.startSpan(
      `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.url } },
      parent,
    );
    spans.set(request, span);
    const { traceId, spanId } = span.spanContext();
    context.with(trace.setSpan(parent, span), () => requestContext.run({ requestId: String(request.id), traceId, spanId }, done));
  });

  // While stopping, ask keep-alive clients to reconnect elsewhere after this response.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (deps.state.current === 'stopping') void reply.header('connection', 'close');
    done(null, payload);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? routeLabels.get(request) ?? 'unmatched';
    const status = reply.statusCode;
    const durationMs = reply.elapsedTime;
    deps.metrics.observeHttp(request.method, route, status, durationMs / 1000);
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', status);
      span.setAttribute('http.route', route);
      span.updateName(`${request.method} ${route}`);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    const fields = { method: request.method, url: request.url, route, status_code: status, duration_ms: Math.round(durationMs * 100) / 100 };
    if (isProbe(request.url)) deps.logger.debug(fields, 'request completed');
    else if (status >= 500) deps.logger.error(fields, 'request failed');
    else deps.logger.info(fields, 'request completed');
    done();
  });
}
