import { z } from 'zod';

/** Redis settings every service that caches spreads into its config shape. */
export const redisConfigShape = {
  /** redis:// or rediss:// URL, credentials and database index included. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  /** Namespace for every key this process writes; tests set a unique one so they never collide. */
  REDIS_KEY_PREFIX: z.string().max(64).default('fc:'),
};

export type RedisConfig = z.infer<z.ZodObject<typeof redisConfigShape>>;
