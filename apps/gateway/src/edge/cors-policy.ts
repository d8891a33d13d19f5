const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'authorization, content-type, accept-version, x-request-id, if-match, if-none-match, traceparent, tracestate';
const EXPOSED_HEADERS =
  'x-request-id, content-version, etag, location, ratelimit-limit, ratelimit-remaining, ratelimit-reset, retry-after, x-consistency-token';

/** Allow-list CORS: an origin not listed gets no CORS headers at all, so the browser refuses the response. */
export class CorsPolicy {
  private readonly origins: ReadonlySet<string>;
  private readonly preflight: Readonly<Record<string, string>>;

  constructor(origins: readonly string[], maxAgeSeconds: number) {
    this.origins = new Set(origins);
    this.preflight = {
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': String(maxAgeSeconds),
    };
  }

  /** Headers for an actual request from `origin`; empty when the origin is not allowed or absent. */
  responseHeaders(origin: string | undefined): Record<string, string> {
    if (origin === undefined || !this.isAllowed(origin)) return {};
    return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS, vary: 'Origin' };
  }

  /** Headers for a preflight (OPTIONS + Access-Control-Request-Method); empty when not allowed. */
  preflightHeaders(origin: string | undefined): Record<string, string> {
    if (origin === undefined || !this.isAllowed(origin)) return {};
    return { 'access-control-allow-origin': origin, vary: 'Origin', ...this.preflight };
  }

  private isAllowed(origin: string): boolean {
    return this.origins.has('*') || this.origins.has(origin);
  }
}
