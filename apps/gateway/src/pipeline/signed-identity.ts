import type { JwtClaims } from '@forecastin/contracts';
import { signIdentity } from '@forecastin/lifecycle';

/** Services accept the forwarded identity for a minute: long enough for a slow request, short for a replay. */
const IDENTITY_TTL_SECONDS = 60;

export function signedIdentityFor(claims: JwtClaims, requestId: string, key: string): string {
  return signIdentity(
    {
      sub: claims.sub,
      workspace_id: claims.workspace_id,
      roles: claims.roles,
      request_id: requestId,
      exp: Math.floor(Date.now() / 1000) + IDENTITY_TTL_SECONDS,
    },
    key,
  );
}
