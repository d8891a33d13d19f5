import { z } from 'zod';

/** At most this far ahead: a revocation never needs to outlive the longest token lifetime. */
const MAX_REVOCATION_SECONDS = 366 * 24 * 3600;

/** Body of `POST /api/v1/admin/token-revocations`: the token id and when the token expires (its `exp`, RFC 3339). */
export const tokenRevocationSchema = z
  .object({
    jti: z.string().min(1).max(256),
    expires_at: z.iso.datetime({ offset: true }),
  })
  .strict()
  .refine((body) => Date.parse(body.expires_at) <= Date.now() + MAX_REVOCATION_SECONDS * 1000, {
    path: ['expires_at'],
    error: 'must be within a year',
  });

export type TokenRevocation = z.infer<typeof tokenRevocationSchema>;
