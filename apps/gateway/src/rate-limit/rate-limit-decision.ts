export interface RateLimitInput {
  /** User id (`sub`) for authenticated calls, `ip:<addr>` for anonymous ones. */
  readonly subject: string;
  readonly routeClass: string;
  readonly limit: number;
  readonly windowSeconds: number;
  /** When given, a revoked token is refused in the same round trip, without being counted. */
  readonly jti?: string;
}

export interface Decision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until a slot frees up (the oldest counted request leaves the window). */
  readonly resetSeconds: number;
  /** Only when refused. */
  readonly retryAfterSeconds?: number;
  /** Only when `jti` was given and is revoked: answer 401, nothing was counted. */
  readonly revoked?: boolean;
  /**
   * True when Redis could not be asked: without `jti`, this instance's local limiter decided;
   * with `jti`, the call is refused (revocation unknown) and should be answered 503.
   */
  readonly degraded: boolean;
}
