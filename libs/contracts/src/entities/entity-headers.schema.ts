import { z } from 'zod';

/** Longest Idempotency-Key accepted (clients typically send a uuid). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Request headers of POST /api/v1/entities, as Node lowercases them. */
export const createEntityHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, { error: `Idempotency-Key must be 1-${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters` })
    .optional(),
});

export type CreateEntityHeaders = z.infer<typeof createEntityHeadersSchema>;
