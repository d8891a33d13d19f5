export { limitFor, rateLimitConfigShape, type RateLimitClass, type RateLimitConfig } from './rate-limit-config';
export type { Decision, RateLimitInput } from './rate-limit-decision';
export { rateLimitHeaders } from './rate-limit-headers';
export { RateLimiter, type RateLimiterOptions } from './rate-limiter';
