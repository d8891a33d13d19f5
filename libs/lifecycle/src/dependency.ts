/**
 * An external system a service needs (Postgres, Redis, NATS, ...). The lifecycle owns the calls:
 * it connects with retries, probes it for readiness and closes it at shutdown, so every service
 * behaves the same when a dependency is slow, down, or comes back.
 *
 * Constructors must stay cheap and must not load drivers or open connections: they run before
 * tracing is set up (which patches `pg` when it is first required) and before the server listens.
 */
export interface Dependency {
  /** Short name shown in readiness details and metrics: 'postgres' | 'redis' | 'nats' | ... */
  readonly name: string;
  /**
   * Open the connection. Rejects when unreachable; the lifecycle retries with capped backoff and
   * jitter for as long as the process runs (never a crash loop).
   */
  connect(): Promise<void>;
  /** Cheap probe (SELECT 1, PING, NATS flush). Rejects when not usable now. Called every second with a timeout. */
  check(): Promise<void>;
  /**
   * Whether the service is not ready while this dependency is down. Default true. False for what
   * is only reported, e.g. the gateway's upstreams: one service down must not take the edge out of
   * the load balancer.
   */
  readonly required?: boolean;
  /** Extra readiness fields shown next to the status, e.g. `{ breaker: 'open' }`. Must be cheap. */
  details?(): Record<string, string>;
  /** Release everything. Called once at shutdown after HTTP has drained. Must not throw when never connected. */
  close(): Promise<void>;
}
