export interface BackoffOptions {
  /** Delay before the first retry. */
  readonly baseMs: number;
  /** Upper bound of any single delay. */
  readonly maxMs: number;
  /** Source of randomness in [0, 1); injectable so tests are deterministic. */
  readonly random?: () => number;
}

/**
 * Capped exponential backoff with "full jitter": a random delay in [cap/2, cap] where
 * cap = min(maxMs, baseMs * 2^attempt). Half the window stays fixed so a reconnect storm after a
 * Redis restart is spread out without ever retrying in a tight loop.
 */
export function reconnectDelayMs(attempt: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  const exponent = Math.min(Math.max(attempt, 0), 30);
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.round(cap / 2 + random() * (cap / 2));
}
