import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { requestContext, startRequestSpan, type RequestContext, type Span } from '@forecastin/observability';
import { completeRequest } from './request-completion';
import { toErrorResponse } from './error-response';
import { requestIdFor, requestPlumbingOf, type RequestPlumbing } from './request-hooks';

/** What a request served before Fastify gets from the chassis. */
export interface RawExchange {
  /** The caller's well-formed X-Request-ID or a new one; already set on the response. */
  readonly requestId: string;
  /** The request's server span (ids only when nothing records spans): give it to injectTraceContext. */
  readonly span: Span;
}

/**
 * Requests a service answers on the bare node:http request, before Fastify builds its request and
 * reply objects, runs its router and hooks (the gateway's proxied paths, where that is most of
 * the cost). `claim` must be synchronous and free of side effects: anything it does not claim goes
 * to Fastify untouched, so routing, hooks and error handling stay Fastify's for the rest.
 */
export interface RawRequestRoute<C> {
  claim(req: IncomingMessage): C | undefined;
  /** The route pattern (never the raw URL) for metrics, the log line and the span name. */
  routeOf(claim: C): string;
  /** Answers a claimed request, in its request context. Must end `res` on every path. */
  serve(req: IncomingMessage, res: ServerResponse, claim: C, exchange: RawExchange): void;
}

/** HTTP status recorded for a request whose caller went away before the response was complete. */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * Puts `route` in front of Fastify's request listener, with the same per-request plumbing as the
 * chassis hooks: X-Request-ID echo, `connection: close` while stopping, a server span continuing
 * the caller's trace, the request context for log lines, one metrics observation and one log line.
 * Call it in bootstrap's `configure` (after the chassis hooks exist, before the server listens).
 */
export function serveBeforeFastify<C>(app: NestFastifyApplication, route: RawRequestRoute<C>): void {
  const plumbing = requestPlumbingOf(app.getHttpAdapter().getInstance());
  const server: Server = app.getHttpServer();
  const [fastifyListener, ...others] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (!fastifyListener || others.length > 0) throw new Error('expected exactly one request listener (Fastify) on the HTTP server');
  server.removeListener('request', fastifyListener);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const claim = route.claim(req);
    if (claim === undefined) fastifyListener.call(server, req, res);
    else serveClaimed(plumbing, route, req, res, claim);
  });
}

function serveClaimed<C>(plumbing: RequestPlumbing, route: RawRequestRoute<C>, req: IncomingMessage, res: ServerResponse, claim: C): void {
  const startedAt = performance.now();
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const pattern = route.routeOf(claim);
  const requestId = requestIdFor(req.headers['x-request-id']);
  res.setHeader('x-request-id', requestId);
  // While stopping, ask keep-alive clients to reconnect elsewhere after this response.
  if (plumbing.state.current === 'stopping') res.setHeader('connection', 'close');
  const span = startRequestSpan(`${method} ${pattern}`, req.headers, { 'http.request.method': method, 'url.path': url });
  const { traceId, spanId } = span.spanContext();
  const ctx: RequestContext = { requestId, traceId, spanId };
  res.once('close', () => {
    const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED_REQUEST;
    requestContext.run(ctx, () => completeRequest(plumbing, { method, url, route: pattern, status, durationMs: performance.now() - startedAt, span }));
  });
  const serve = (): void => {
    try {
      route.serve(req, res, claim, { requestId, span });
    } catch (error) {
      answerUnexpected(plumbing, res, error, requestId, method, url);
    }
  };
  // One async context per request; the OpenTelemetry one too only when the span is recorded (its children need it).
  if (span.isRecording()) context.with(trace.setSpan(ROOT_CONTEXT, span), () => requestContext.run(ctx, serve));
  else requestContext.run(ctx, serve);
}

function answerUnexpected(plumbing: RequestPlumbing, res: ServerResponse, error: unknown, requestId: string, method: string, url: string): void {
  const response = toErrorResponse(error, requestId);
  plumbing.logger.error({ err: error, error_id: response.errorId, method, url }, 'unhandled error');
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify(response.body);
  res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
