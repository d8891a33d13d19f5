import { z } from 'zod';
import { roleSchema } from './role.schema';

const epochSeconds = z.number().int().nonnegative();

/** Claims of a caller's access token after signature verification (API.md "Auth"). Unknown claims are dropped. */
export const jwtClaimsSchema = z.object({
  sub: z.string().min(1).max(256),
  workspace_id: z.uuid(),
  roles: z.array(roleSchema).min(1, { error: 'roles must not be empty' }).max(16),
  exp: epochSeconds,
  iat: epochSeconds,
  nbf: epochSeconds.optional(),
  iss: z.string().min(1).max(512),
  aud: z.union([z.string().min(1).max(512), z.array(z.string().min(1).max(512)).min(1).max(16)]),
  jti: z.string().min(1).max(256),
});

export type JwtClaims = z.infer<typeof jwtClaimsSchema>;
