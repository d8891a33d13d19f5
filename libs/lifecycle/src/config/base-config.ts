import { z } from 'zod';
import { secret } from './secret';

/**
 * The development identity key, so gateway and services agree out of the box on a laptop.
 * Production refuses it (see `secret()`), so it can never sign real traffic.
 */
export const DEV_IDENTITY_SIGNING_KEY = 'forecastin-dev-identity-signing-key-not-for-production';

const milliseconds = (fallback: number, max = 600_000) => z.coerce.number().int().min(0).max(max).default(fallback);

const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

/** Variables every service reads. Dependency libs and services add their own shapes to it. */
export const baseConfigShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  REQUEST_TIMEOUT_MS: milliseconds(30_000),
  SHUTDOWN_TIMEOUT_MS: milliseconds(10_000),
  SHUTDOWN_DELAY_MS: milliseconds(0, 120_000),
  DEPENDENCY_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  DEPENDENCY_CHECK_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1000),
  IDENTITY_SIGNING_KEY: secret({ devDefault: DEV_IDENTITY_SIGNING_KEY, minLength: 32 }),
  CORS_ORIGINS: commaList,
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
};

export type BaseConfigShape = typeof baseConfigShape;
