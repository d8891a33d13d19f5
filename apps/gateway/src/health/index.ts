export { UpstreamReadinessDependency, type UpstreamReadinessOptions } from './upstream-readiness.dependency';
export { RateLimiterReadinessDependency } from './rate-limiter-readiness.dependency';
