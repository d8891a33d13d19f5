import { Agent, ServerResponse, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type CircuitBreaker from 'opossum';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import type * as httpProxy from 'http-proxy';
import { ErrorCode, type BreakerState } from '@forecastin/contracts';
import { backoffDelay, sleep } from '@forecastin/lifecycle';
import type { Logger } from '@forecastin/observability';
import { drainRefusedBody } from '../edge/refused-body';
import { breakerState, createUpstreamBreaker, isOpenBreakerError } from './upstream-breaker';
import { UpstreamFailure } from './upstream-failure';
import { parsedProxyTarget } from './proxy-target';
import { refuseUpgrade, sendRawError } from './raw-error-response';

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
  /** A WebSocket upgrade's client socket (refused on it synchronously: http-proxy ends it right after its error event). */
  upgrade?: { socket: Duplex; requestId: string };
}

/** Where an attempt's answer goes: a response, or the raw socket of a WebSocket upgrade. */
type Downstream = ServerResponse | { readonly socket: Duplex; readonly head: Buffer; readonly requestId: string };

/** A failure as the caller sees it. */
function failureAnswer(upstream: string, failure: UpstreamFailure, maxBodyBytes: number): { code: ErrorCode; message: string } {
  switch (failure.kind) {
    case 'body_too_large':
      // No `connection: close`: the rest of the body is drained (drainRefusedBody) and the connection stays usable.
      return { code: ErrorCode.PAYLOAD_TOO_LARGE, message: `Request body is larger than ${maxBodyBytes} bytes` };
    case 'timeout':
      return { code: ErrorCode.UPSTREAM_TIMEOUT, message: `${upstream} did not answer in time` };
    case 'connect_timeout':
      return { code: ErrorCode.UPSTREAM_TIMEOUT, message: `${upstream} did not accept the connection in time` };
    case 'connect':
      return { code: ErrorCode.SERVICE_UNAVAILABLE, message: `${upstream} is unavailable` };
  }
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
  private readonly breaker: CircuitBreaker<[IncomingMessage, Downstream], void>;
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
    this.breaker = createUpstreamBreaker(
      (req: IncomingMessage, downstream: Downstream) => (downstream instanceof ServerResponse ? this.attempt(req, downstream) : this.upgradeAttempt(req, downstream)),
      {
        name: options.name,
        ...options.breaker,
      },
    );
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
    const answer = failureAnswer(this.name, failure, this.options.maxBodyBytes);
    return sendRawError(res, answer.code, answer.message, requestId);
  }

  /**
   * Proxies an authenticated WebSocket upgrade (headers already rewritten) through the breaker:
   * open, it is refused at once with 503; an upstream that refuses the connection, does not
   * accept it within the connect timeout or does not answer the upgrade within the response
   * timeout gets 503/504 on the socket and counts as a failure. Not retried: a client reconnects by itself.
   */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, requestId: string): void {
    this.breaker.fire(req, { socket, head, requestId }).catch((error: unknown) => {
      if (isOpenBreakerError(error)) {
        refuseUpgrade(socket, ErrorCode.SERVICE_UNAVAILABLE, `${this.name} is unavailable (circuit open)`, requestId, { 'retry-after': '1' });
        return;
      }
      const failure = error instanceof UpstreamFailure ? error : new UpstreamFailure('connect', this.name, error, false);
      this.options.logger.warn({ upstream: this.name, kind: failure.kind, err: failure.cause }, 'websocket upgrade to the upstream failed');
      this.refuseFailedUpgrade(socket, requestId, failure);
    });
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

  /** Settles when the upstream answered the upgrade (101, or an HTTP answer relayed as is), rejects when it could not be reached. */
  private upgradeAttempt(req: IncomingMessage, target: { socket: Duplex; head: Buffer; requestId: string }): Promise<void> {
    const upgrade = this.middleware.upgrade;
    if (!upgrade) return Promise.reject(new Error('http-proxy-middleware did not expose upgrade()'));
    return new Promise<void>((resolve, reject) => {
      const upgradeTarget = { socket: target.socket, requestId: target.requestId };
      this.attempts.set(req, { resolve, reject, timedOut: false, connectTimedOut: false, bodyTooLarge: false, upgrade: upgradeTarget });
      void upgrade(req, target.socket as Socket, target.head);
    });
  }

  private refuseFailedUpgrade(socket: Duplex, requestId: string, failure: UpstreamFailure): void {
    const answer = failureAnswer(this.name, failure, this.options.maxBodyBytes);
    refuseUpgrade(socket, answer.code, answer.message, requestId);
  }

  /** Fails the attempt with a connect timeout when its socket is still connecting after the bound (nothing was sent: retryable). */
  private limitConnectTime(proxyReq: ClientRequest, attempt: Attempt): void {
    const watch = (socket: Socket): void => {
      if (!socket.connecting) return; // a kept-alive socket, already connected
      const timer = setTimeout(() => {
        attempt.connectTimedOut = true;
        proxyReq.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' }));
      }, this.options.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    };
    if (proxyReq.socket) watch(proxyReq.socket as Socket);
    else proxyReq.once('socket', watch);
  }

  /**
   * Fails an upgrade the upstream accepted but did not answer (101 or otherwise) within the
   * response timeout. http-proxy sets no timeout on upgrade requests, and a socket timeout would
   * outlive the handshake and cut idle WebSockets, so this is a timer cleared by the answer.
   */
  private limitUpgradeAnswerTime(proxyReq: ClientRequest, attempt: Attempt): void {
    const timer = setTimeout(() => {
      attempt.timedOut = true;
      proxyReq.destroy(Object.assign(new Error('upgrade answer timeout'), { code: 'ETIMEDOUT' }));
    }, this.options.timeoutMs);
    const stop = (): void => clearTimeout(timer);
    proxyReq.once('upgrade', stop);
    proxyReq.once('response', stop);
    proxyReq.once('close', stop);
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
      drainRefusedBody(req);
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
      if (attempt && proxyReq.socket?.connecting) this.limitConnectTime(proxyReq, attempt);
    });
    server.on('proxyReqWs', (proxyReq, req) => {
      const attempt = this.attempts.get(req);
      if (!attempt) return;
      // The request is not sent yet, so its socket may not be assigned.
      this.limitConnectTime(proxyReq, attempt);
      this.limitUpgradeAnswerTime(proxyReq, attempt);
      proxyReq.once('upgrade', () => this.settle(req));
      proxyReq.once('response', () => this.settle(req));
    });
    server.on('proxyRes', (_proxyRes, req) => this.settle(req));
    // The caller went away mid-request: not the upstream's fault, and nobody to answer.
    server.on('econnreset', (_error, req) => this.settle(req));
    server.on('error', (error, req) => {
      const attempt = this.attempts.get(req);
      if (!attempt) return; // an upgraded connection's later error, or a late error after the response started
      const code = 'code' in error ? String(error.code) : '';
      if (attempt.upgrade) {
        // http-proxy ends the client socket as soon as this returns: refuse on it now.
        const kind = attempt.connectTimedOut ? 'connect_timeout' : attempt.timedOut ? 'timeout' : 'connect';
        const failure = new UpstreamFailure(kind, this.name, error, false);
        this.refuseFailedUpgrade(attempt.upgrade.socket, attempt.upgrade.requestId, failure);
        return this.settle(req, failure);
      }
      if (attempt.bodyTooLarge) return this.settle(req, new UpstreamFailure('body_too_large', this.name, error, false));
      if (attempt.timedOut) return this.settle(req, new UpstreamFailure('timeout', this.name, error, false));
      // Nothing reached the upstream, so it may be retried; answered 504 like any other upstream timeout.
      if (attempt.connectTimedOut) return this.settle(req, new UpstreamFailure('connect_timeout', this.name, error, true));
      const retryable = CONNECTION_ERRORS.has(code) || error.message === 'socket hang up';
      this.settle(req, new UpstreamFailure('connect', this.name, error, retryable));
    });
  }
}
