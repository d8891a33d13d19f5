import { z } from 'zod';

const url = (fallback: string) => z.url({ protocol: /^https?$/ }).default(fallback);
const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** Upstream addresses, timeouts, retries and circuit-breaker thresholds (one breaker per upstream). */
export const proxyConfigShape = {
  UPSTREAM_ENTITY_URL: url('http://127.0.0.1:3001'),
  UPSTREAM_HIERARCHY_URL: url('http://127.0.0.1:3002'),
  UPSTREAM_SCENARIO_URL: url('http://127.0.0.1:3003'),
  UPSTREAM_FLAG_URL: url('http://127.0.0.1:3004'),
  UPSTREAM_REALTIME_URL: url('http://127.0.0.1:3005'),
  /** No response byte from the upstream for this long → 504 UPSTREAM_TIMEOUT. */
  UPSTREAM_TIMEOUT_MS: int(10_000, 50, 300_000),
  /** A new TCP connection not established within this → a connection failure (retried for GET/HEAD). */
  UPSTREAM_CONNECT_TIMEOUT_MS: int(2_000, 10, 60_000),
  /** Keep-alive sockets per upstream (bounded so one slow service cannot take every file descriptor). */
  UPSTREAM_MAX_SOCKETS: int(256, 1, 65_536),
  /** Extra attempts for GET/HEAD after a connection failure, with exponential backoff and jitter. */
  UPSTREAM_RETRIES: int(2, 0, 5),
  UPSTREAM_RETRY_BASE_MS: int(25, 1, 5_000),
  BREAKER_ERROR_THRESHOLD_PERCENT: int(50, 1, 100),
  /** Failures are only judged once this many requests fell into the rolling window. */
  BREAKER_VOLUME_THRESHOLD: int(10, 1, 10_000),
  BREAKER_ROLLING_WINDOW_MS: int(10_000, 100, 600_000),
  /** Time an open breaker waits before letting one probe request through (half-open). */
  BREAKER_RESET_TIMEOUT_MS: int(5_000, 50, 600_000),
};
