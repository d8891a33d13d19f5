import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { requestContext, startRequestSpan, type RequestContext, type Span } from '@forecastin/observability';
import { completeRequest, completionLevel } from './request-completion';
import { toErrorResponse } from './error-response';
import { requestIdFor, requestPlumbingOf, type RequestPlumbing } from './request-hooks';

/** What a request served before Fastify gets from the chassis. */
export interface RawExchange {
  /** The caller's well-formed X-Request-ID or a new one; already set on the response unless the route `respondsWhole`. */
  readonly requestId: string;
  /** The request's server span (ids only when nothing records spans): give it to injectTraceContext. */
  readonly span: Span;
  /**
   * Writes the whole response at once: status, content type and length, the chassis' own headers
   * (X-Request-ID; `connection: close` while stopping) in the same writeHead, and the body.
   */
  respond(status: number, contentType: string, body: Buffer | string): void;
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
  /**
   * True when `serve` answers every claimed request through `exchange.respond` (its only write to
   * `res`): the chassis then sends its headers in that one writeHead instead of setting them on
   * `res` beforehand (a validated setHeader and writeHead's merge of the two: ~1 µs a request).
   */
  readonly respondsWhole?: boolean;
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
  if (route.respondsWhole !== true) {
    res.setHeader('x-request-id', requestId);
    // While stopping, ask keep-alive clients to reconnect elsewhere after this response.
    if (plumbing.state.current === 'stopping') res.setHeader('connection', 'close');
  }
  const span = startRequestSpan(req.headers, { method, route: pattern, path: url });
  const { traceId, spanId } = span.spanContext();
  const ctx: RequestContext = { requestId, traceId, spanId };
  // A response emits 'close' once (Node's emitCloseNT checks _closed); the flag keeps `once`'s
  // guarantee without its wrapper and removeListener on every request.
  let completed = false;
  res.on('close', () => {
    if (completed) return;
    completed = true;
    const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED_REQUEST;
    const done = { method, url, route: pattern, status, durationMs: performance.now() - startedAt, span };
    // The request context is for the log line's ids: entered only when a line will be written.
    if (plumbing.logger.isLevelEnabled(completionLevel(url, status))) requestContext.run(ctx, () => completeRequest(plumbing, done));
    else completeRequest(plumbing, done);
  });
  const serve = (): void => {
    try {
      route.serve(req, res, claim, new Exchange(plumbing, res, requestId, span));
    } catch (error) {
      answerUnexpected(plumbing, res, error, requestId, method, url);
    }
  };
  // One async context per request; the OpenTelemetry one too only when the span is recorded (its children need it).
  if (span.isRecording()) context.with(trace.setSpan(ROOT_CONTEXT, span), () => requestContext.run(ctx, serve));
  else requestContext.run(ctx, serve);
}

class Exchange implements RawExchange {
  constructor(
    private readonly plumbing: RequestPlumbing,
    private readonly res: ServerResponse,
    readonly requestId: string,
    readonly span: Span,
  ) {}

  respond(status: number, contentType: string, body: Buffer | string): void {
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    // One object, no setHeader before it: Node's writeHead then stores these as they are.
    if (this.plumbing.state.current === 'stopping') {
      this.res.writeHead(status, { 'content-type': contentType, 'content-length': length, 'x-request-id': this.requestId, connection: 'close' });
    } else {
      this.res.writeHead(status, { 'content-type': contentType, 'content-length': length, 'x-request-id': this.requestId });
    }
    this.res.end(body);
  }
}

function answerUnexpected(plumbing: RequestPlumbing, res: ServerResponse, error: unknown, requestId: string, method: string, url: string): void {
  const response = toErrorResponse(error, requestId);
  plumbing.logger.error({ err: error, error_id: response.errorId, method, url }, 'unhandled error');
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify(response.body);
  // With the request id again: a route that `respondsWhole` has not had it set on `res`.
  res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'x-request-id': requestId });
  res.end(body);
}
