import type { Dependency } from '@forecastin/lifecycle';

/**
 * Reports (without deciding readiness) when the rate limiter runs on its local fallback because
 * Redis could not be asked: limits are then per instance, not shared.
 */
export class RateLimiterReadinessDependency implements Dependency {
  readonly name = 'rate-limiter';
  readonly required = false;

  constructor(private readonly isDegraded: () => boolean) {}

  async connect(): Promise<void> {
    // The limiter uses the Redis dependency's connection; nothing of its own to open.
  }

  async check(): Promise<void> {
    if (this.isDegraded()) throw new Error('Redis unreachable: limiting locally per instance');
  }

  details(): Record<string, string> {
    return { mode: this.isDegraded() ? 'local' : 'redis' };
  }

  async close(): Promise<void> {
    // Owns nothing.
  }
}
