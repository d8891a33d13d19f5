import { ERROR_STATUS, ErrorCode, type ErrorEnvelope } from '@forecastin/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CorsPolicy } from './cors-policy';
import { drainRefusedBody } from './refused-body';
import { SECURITY_HEADERS } from './security-headers';

export interface EdgeHygieneOptions {
  /** `Accept-Version` values answered (edgeConfigShape's ALLOWED_API_VERSIONS). */
  readonly allowedVersions: readonly string[];
  /** Base config CORS_ORIGINS. */
  readonly corsOrigins: readonly string[];
  readonly corsMaxAgeSeconds: number;
  /** Base config BODY_LIMIT_BYTES: a declared Content-Length above it is refused before any byte is read. */
  readonly bodyLimitBytes: number;
}

const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);
/** application/json and structured `+json` types (merge-patch, problem+json), parameters allowed. */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

function sendEdgeError(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, message: string): void {
  const body: ErrorEnvelope = { error: { code, message, request_id: String(request.id) } };
  // Dropped as it arrives (bounded), so a client still sending reads this answer instead of a reset.
  if (code === ErrorCode.PAYLOAD_TOO_LARGE) drainRefusedBody(request.raw);
  void reply.code(ERROR_STATUS[code]).type('application/json; charset=utf-8').send(body);
}

function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Why a request is refused at the edge, or undefined to let it through. Pure, so cheap to reason
 * about, and shared with the proxied path (which leaves every refused request to the hook below).
 */
export function edgeRefusal(method: string, headers: IncomingHttpHeaders, options: EdgeHygieneOptions): [ErrorCode, string] | undefined {
  const version = headers['accept-version'];
  if (version !== undefined && !options.allowedVersions.includes(String(version).trim())) {
    return [ErrorCode.NOT_ACCEPTABLE, `Accept-Version ${String(version).slice(0, 32)} is not supported; supported: ${options.allowedVersions.join(', ')}`];
  }
  const length = headers['content-length'];
  if (length !== undefined && Number(length) > options.bodyLimitBytes) {
    return [ErrorCode.PAYLOAD_TOO_LARGE, `Request body is larger than ${options.bodyLimitBytes} bytes`];
  }
  if (WRITE_METHODS.has(method) && hasBody(headers) && !JSON_TYPE.test(headers['content-type'] ?? '')) {
    return [ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Unsupported content type; send application/json'];
  }
  return undefined;
}

/**
 * Edge rules for every request, in one onRequest hook that runs before routing and before any
 * body is read (bodies stream through untouched): security headers and Content-Version, CORS
 * (preflights answered here), Accept-Version → 406, a declared body over the limit → 413, a write
 * body that is not JSON → 415. Register it before the proxy pipeline's hooks. Chunked bodies are
 * limited while streaming with `limitBodyStream`.
 */
export function registerEdgeHygiene(fastify: FastifyInstance, options: EdgeHygieneOptions): void {
  const cors = new CorsPolicy(options.corsOrigins, options.corsMaxAgeSeconds);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(SECURITY_HEADERS);
    const origin = request.headers.origin;
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      void reply.headers(cors.preflightHeaders(origin)).code(204).send();
      return;
    }
    if (origin !== undefined) void reply.headers(cors.responseHeaders(origin));
    const refused = edgeRefusal(request.method, request.headers, options);
    if (refused) {
      sendEdgeError(request, reply, ...refused);
      return;
    }
    done();
  });
}
