export interface RetryDelay {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Redelivery delay after the n-th failed delivery (1-based): base doubling per attempt, capped,
 * with up to 20% jitter so a poison burst does not come back as one synchronized wave.
 */
export function retryDelayMs(deliveryCount: number, delay: RetryDelay, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(deliveryCount - 1, 0), 30);
  const cap = Math.min(delay.maxMs, delay.baseMs * 2 ** exponent);
  return Math.round(cap * (0.8 + 0.2 * random()));
}
