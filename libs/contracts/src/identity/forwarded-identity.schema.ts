import { z } from 'zod';
import { requestIdSchema } from '../request-id/request-id.schema';
import { roleSchema } from './role.schema';

/** Header the gateway sends to services: `base64url(JSON identity) + "." + base64url(HMAC-SHA256)` (docs/chassis.md). */
export const FORWARDED_IDENTITY_HEADER = 'x-forecastin-identity';

/** What the gateway signs for services: the verified caller, reduced to what services need. `exp` is epoch seconds. */
export const forwardedIdentitySchema = z.object({
  sub: z.string().min(1).max(256),
  workspace_id: z.uuid(),
  roles: z.array(roleSchema).min(1, { error: 'roles must not be empty' }).max(16),
  request_id: requestIdSchema,
  exp: z.number().int().nonnegative(),
});

export type ForwardedIdentity = z.infer<typeof forwardedIdentitySchema>;
