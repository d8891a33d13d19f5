import { z } from 'zod';
import { API_VERSION } from '@forecastin/contracts';
import { commaList } from './comma-list.schema';

/** Edge settings beyond the base config (CORS_ORIGINS, BODY_LIMIT_BYTES and REQUEST_TIMEOUT_MS live there). */
export const edgeConfigShape = {
  /** `Accept-Version` values the gateway answers; anything else is 406. */
  ALLOWED_API_VERSIONS: commaList(API_VERSION).pipe(z.array(z.string().regex(/^\d+\.\d+$/)).min(1)),
  /** How long browsers may cache a CORS preflight answer. */
  CORS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
};

export type EdgeConfig = z.output<z.ZodObject<typeof edgeConfigShape>>;
