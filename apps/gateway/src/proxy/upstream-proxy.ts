import { Agent, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type CircuitBreaker from 'opossum';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import type * as httpProxy from 'http-proxy';
import { ErrorCode, type BreakerState } from '@forecastin/contracts';
import { backoffDelay, sleep } from '@forecastin/lifecycle';
import type { Logger } from '@forecastin/observability';
import { breakerState, createUpstreamBreaker, isOpenBreakerError } from './upstream-breaker';
import { UpstreamFailure } from './upstream-failure';
import { parsedProxyTarget } from './proxy-target';
import { sendRawError } from './raw-error-response';

export interface UpstreamProxyOptions {
  name: string;
  target: string;
  timeoutMs: number;
  connectTimeoutMs: number;
  maxSockets: number;
  retries: number;
  retryBaseMs: number;
  /** Limit for bodies streamed without Content-Length (declared lengths are refused at the edge). */
  maxBodyBytes: number;
  breaker: { errorThresholdPercentage: number; volumeThreshold: number; rollingCountTimeout: number; resetTimeout: number };
  logger: Logger;
}

/** The settle callbacks of the attempt in flight for one request (one attempt at a time per request). */
interface Attempt {
  resolve: () => void;
  reject: (error: Error) => void;
  timedOut: boolean;
  /** The connection was not established within the connect timeout. */
  connectTimedOut: boolean;
  bodyTooLarge: boolean;
  proxyReq?: ClientRequest;
}

/** Node error codes that mean "the upstream did not get (or did not answer) the request at all". */
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT']);

/**
 * Forwards requests to one upstream: http-proxy-middleware over a bounded keep-alive agent, one
 * circuit breaker, a response timeout (504) and a connect timeout, retries with exponential
 * backoff and jitter for GET/HEAD when nothing reached the upstream. Bodies are piped, never buffered.
 */
export class UpstreamProxy {
  readonly name: string;
  private readonly agent: Agent;
  private readonly middleware: RequestHandler;
  private readonly breaker: CircuitBreaker<[IncomingMessage, ServerResponse], void>;
  private readonly attempts = new WeakMap<IncomingMessage, Attempt>();

  constructor(private readonly options: UpstreamProxyOptions) {
    this.name = options.name;
    // Idle sockets are dropped before the services' 65 s keep-alive timeout closes them under us.
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets, timeout: 30_000 });
    this.middleware = createProxyMiddleware<IncomingMessage, ServerResponse>({
      target: parsedProxyTarget(options.target),
      agent: this.agent,
      changeOrigin: true,
      xfwd: true,
      proxyTimeout: options.timeoutMs,
      ejectPlugins: true, // no console logger, no default error page: errors are ours to answer
      plugins: [(server) => this.listen(server)],
    });
    this.breaker = createUpstreamBreaker((req: IncomingMessage, res: ServerResponse) => this.attempt(req, res), {
      name: options.name,
      ...options.breaker,
    });
    this.breaker.on('open', () => options.logger.error({ upstream: this.name }, 'circuit breaker opened'));
    this.breaker.on('halfOpen', () => options.logger.warn({ upstream: this.name }, 'circuit breaker half-open: probing'));
    this.breaker.on('close', () => options.logger.info({ upstream: this.name }, 'circuit breaker closed'));
  }

  breakerState(): BreakerState {
    return breakerState(this.breaker);
  }

  /**
   * Proxies `req` and answers gateway errors itself (503 breaker open or upstream unreachable, 504
   * response or connect timeout). Resolves once the upstream's response started streaming back or an error was sent.
   */
  forward(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] !== undefined) this.limitChunkedBody(req);
    return this.fire(req, res, requestId, 0);
  }

  /** One attempt through the breaker; a plain promise chain (no async frames) on the hot path. */
  private fire(req: IncomingMessage, res: ServerResponse, requestId: string, attempt: number): Promise<void> {
    return this.breaker.fire(req, res).then(undefined, (error: unknown) => this.attemptFailed(req, res, requestId, attempt, error));
  }

  private attemptFailed(req: IncomingMessage, res: ServerResponse, requestId: string, attempt: number, error: unknown): Promise<void> | void {
    if (isOpenBreakerError(error)) {
      return sendRawError(res, ErrorCode.SERVICE_UNAVAILABLE, `${this.name} is unavailable (circuit open)`, requestId, { 'retry-after': '1' });
    }
    const failure = error instanceof UpstreamFailure ? error : new UpstreamFailure('connect', this.name, error, false);
    const idempotent = req.method === 'GET' || req.method === 'HEAD';
    if (failure.retryable && idempotent && attempt < this.options.retries && !res.headersSent && !res.destroyed) {
      return sleep(backoffDelay(attempt, this.options.retryBaseMs, this.options.retryBaseMs * 16)).then(() => this.fire(req, res, requestId, attempt + 1));
    }
    this.options.logger.warn({ upstream: this.name, kind: failure.kind, attempts: attempt + 1, err: failure.cause }, 'upstream request failed');
    if (failure.kind === 'body_too_large') {
      return sendRawError(res, ErrorCode.PAYLOAD_TOO_LARGE, `Request body is larger than ${this.options.maxBodyBytes} bytes`, requestId, { connection: 'close' });
    }
    if (failure.kind === 'timeout') {
      return sendRawError(res, ErrorCode.UPSTREAM_TIMEOUT, `${this.name} did not answer in time`, requestId);
    }
    if (failure.kind === 'connect_timeout') {
      return sendRawError(res, ErrorCode.UPSTREAM_TIMEOUT, `${this.name} did not accept the connection in time`, requestId);
    }
    return sendRawError(res, ErrorCode.SERVICE_UNAVAILABLE, `${this.name} is unavailable`, requestId);
  }

  /** Proxies an authenticated WebSocket upgrade (headers already rewritten). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const upgrade = this.middleware.upgrade;
    if (!upgrade) throw new Error('http-proxy-middleware did not expose upgrade()');
    void upgrade(req, socket as Socket, head);
  }

  close(): void {
    this.agent.destroy();
  }

  private attempt(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.attempts.set(req, { resolve, reject, timedOut: false, connectTimedOut: false, bodyTooLarge: false });
      void this.middleware(req, res, (error?: unknown) => reject(new UpstreamFailure('connect', this.name, error, false)));
    });
  }

  /**
   * Counts a chunked body as it streams to the upstream (never buffered) and cuts the upstream
   * request once it passes the limit. Attached in the same tick as http-proxy's pipe, so no chunk
   * flows uncounted.
   */
  private limitChunkedBody(req: IncomingMessage): void {
    let seen = 0;
    const count = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen <= this.options.maxBodyBytes) return;
      req.off('data', count);
      req.unpipe();
      const attempt = this.attempts.get(req);
      if (!attempt) return;
      attempt.bodyTooLarge = true;
      attempt.proxyReq?.destroy(new Error('request body too large'));
    };
    req.on('data', count);
  }

  private settle(req: IncomingMessage, error?: Error): void {
    const attempt = this.attempts.get(req);
    if (!attempt) return;
    this.attempts.delete(req);
    if (error) attempt.reject(error);
    else attempt.resolve();
  }

  private listen(server: httpProxy<IncomingMessage, ServerResponse>): void {
    server.on('proxyReq', (proxyReq, req) => {
      const attempt = this.attempts.get(req);
      if (attempt) attempt.proxyReq = proxyReq;
      if (attempt?.bodyTooLarge) return void proxyReq.destroy(new Error('request body too large'));
      proxyReq.on('timeout', () => {
        if (attempt) attempt.timedOut = true;
      });
      const socket = proxyReq.socket;
      if (socket?.connecting) {
        const timer = setTimeout(() => {
          if (attempt) attempt.connectTimedOut = true;
          const error = Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' });
          proxyReq.destroy(error);
        }, this.options.connectTimeoutMs);
        socket.once('connect', () => clearTimeout(timer));
        socket.once('close', () => clearTimeout(timer));
      }
    });
    server.on('proxyRes', (_proxyRes, req) => this.settle(req));
    // The caller went away mid-request: not the upstream's fault, and nobody to answer.
    server.on('econnreset', (_error, req) => this.settle(req));
    server.on('error', (error, req) => {
      const attempt = this.attempts.get(req);
      if (!attempt) return; // an upgrade socket or a late error after the response started
      const code = 'code' in error ? String(error.code) : '';
      if (attempt.bodyTooLarge) return this.settle(req, new UpstreamFailure('body_too_large', this.name, error, false));
      if (attempt.timedOut) return this.settle(req, new UpstreamFailure('timeout', this.name, error, false));
      // Nothing reached the upstream, so it may be retried; answered 504 like any other upstream timeout.
      if (attempt.connectTimedOut) return this.settle(req, new UpstreamFailure('connect_timeout', this.name, error, true));
      const retryable = CONNECTION_ERRORS.has(code) || error.message === 'socket hang up';
      this.settle(req, new UpstreamFailure('connect', this.name, error, retryable));
    });
  }
}
