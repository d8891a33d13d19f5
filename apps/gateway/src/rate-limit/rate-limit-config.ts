import { z } from 'zod';

const perWindow = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

/** Rate-limit settings: one sliding window, a limit per route class, and one for anonymous callers (per IP). */
export const rateLimitConfigShape = {
  RATE_LIMIT_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  RATE_LIMIT_READ_PER_WINDOW: perWindow(600),
  RATE_LIMIT_WRITE_PER_WINDOW: perWindow(120),
  RATE_LIMIT_ADMIN_PER_WINDOW: perWindow(60),
  RATE_LIMIT_ANONYMOUS_PER_WINDOW: perWindow(60),
  /** A Redis decision slower than this counts as Redis being away (local limiter, or 503 for a token). */
  RATE_LIMIT_REDIS_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(250),
  /** Subjects the local fallback limiter remembers (least recently seen dropped first). */
  RATE_LIMIT_LOCAL_MAX_SUBJECTS: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
};

export type RateLimitConfig = z.output<z.ZodObject<typeof rateLimitConfigShape>>;

export type RateLimitClass = 'read' | 'write' | 'admin' | 'anonymous';

/** The configured limit for a route class; anonymous callers get their own (usually lower) limit whatever the route. */
export function limitFor(config: RateLimitConfig, routeClass: RateLimitClass): number {
  switch (routeClass) {
    case 'read':
      return config.RATE_LIMIT_READ_PER_WINDOW;
    case 'write':
      return config.RATE_LIMIT_WRITE_PER_WINDOW;
    case 'admin':
      return config.RATE_LIMIT_ADMIN_PER_WINDOW;
    case 'anonymous':
      return config.RATE_LIMIT_ANONYMOUS_PER_WINDOW;
  }
}
