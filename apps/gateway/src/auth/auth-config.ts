import { z } from 'zod';
import { secret } from '@forecastin/lifecycle';
import { commaList } from '../edge';

export const ASYMMETRIC_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true');

/** The gateway's JWT verification settings; spread into the gateway config, then checked with `authConfigProblems`. */
export const authConfigShape = {
  /** Identity provider's JWKS document; keys are cached and refetched on an unknown `kid` at a bounded rate. */
  JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Comma list of SPKI PEM or JWK/JWKS files holding trusted public keys. */
  JWT_PUBLIC_KEY_FILES: commaList(''),
  JWT_ISSUER: z.string().min(1).max(512),
  JWT_AUDIENCE: z.string().min(1).max(512),
  JWT_ALGORITHMS: commaList(ASYMMETRIC_ALGORITHMS.join(',')).pipe(z.array(z.enum(ASYMMETRIC_ALGORITHMS)).min(1)),
  JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  JWT_ALLOW_HS256: flag,
  JWT_HS256_SECRET: secret({ minLength: 32 }).optional(),
  /** How long fetched JWKS keys are trusted before a refetch. */
  JWKS_CACHE_MAX_AGE_MS: z.coerce.number().int().min(1000).max(86_400_000).default(600_000),
  /** Minimum time between two refetches triggered by unknown `kid`s: bounds what a forged `kid` can cost the IdP. */
  JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  JWKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5000),
  /** Verified tokens kept by exact token string until they expire. */
  JWT_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
};

export type AuthConfig = z.output<z.ZodObject<typeof authConfigShape>> & { NODE_ENV: 'development' | 'test' | 'production' };

/**
 * Rules that span several variables (zod shapes are merged key by key, so they cannot live in the
 * shape). Empty when the configuration is usable; the caller throws ConfigError with them.
 */
export function authConfigProblems(config: AuthConfig): string[] {
  const problems: string[] = [];
  if (config.JWT_JWKS_URL === undefined && config.JWT_PUBLIC_KEY_FILES.length === 0 && !config.JWT_ALLOW_HS256) {
    problems.push('JWT_JWKS_URL / JWT_PUBLIC_KEY_FILES: set at least one source of signing keys');
  }
  if (config.JWT_HS256_SECRET !== undefined && !config.JWT_ALLOW_HS256) {
    problems.push('JWT_HS256_SECRET: only accepted together with JWT_ALLOW_HS256=true');
  }
  if (config.JWT_ALLOW_HS256 && config.JWT_HS256_SECRET === undefined) {
    problems.push('JWT_ALLOW_HS256: requires JWT_HS256_SECRET');
  }
  if (config.JWT_ALLOW_HS256 && config.NODE_ENV === 'production') {
    problems.push('JWT_ALLOW_HS256: HS256 is never accepted in production');
  }
  if (config.NODE_ENV === 'production' && config.JWT_JWKS_URL?.startsWith('http:')) {
    problems.push('JWT_JWKS_URL: production requires https');
  }
  return problems;
}
