import type { AuthResult } from '../auth';
import type { Decision, RateLimitInput } from '../rate-limit';

/** What the pipeline needs from the JWT verifier (JwtAuthenticator). */
export interface Authenticator {
  /** The result without a signature check (refusal or cached verified token), else undefined. */
  authenticateCached(authorization: string | undefined, accessTokenQuery?: string): AuthResult | undefined;
  authenticate(authorization: string | undefined, accessTokenQuery?: string): Promise<AuthResult>;
}

/** What the pipeline needs from the rate limiter (RateLimiter): one Redis round trip for revocation + limit. */
export interface RateLimitDecider {
  decide(input: RateLimitInput): Promise<Decision>;
}

/** Limits per route class (and for unauthenticated callers), from configuration. */
export interface RateLimitPolicy {
  /** When off, the decision still checks revocation but no limit applies and no headers are sent. */
  enabled: boolean;
  windowSeconds: number;
  limitFor(routeClass: 'read' | 'write' | 'admin' | 'anonymous'): number;
  headers(decision: Decision): Record<string, string>;
}
