import { limitFor, rateLimitHeaders, type RateLimitConfig } from '../rate-limit';
import type { RateLimitPolicy } from './pipeline-ports';

/** With limiting switched off the script still runs for the revocation check, under a limit nobody reaches. */
const UNLIMITED = 1_000_000_000;

export function rateLimitPolicy(config: RateLimitConfig): RateLimitPolicy {
  return {
    enabled: config.RATE_LIMIT_ENABLED,
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    limitFor: (routeClass) => (config.RATE_LIMIT_ENABLED ? limitFor(config, routeClass) : UNLIMITED),
    headers: rateLimitHeaders,
  };
}
