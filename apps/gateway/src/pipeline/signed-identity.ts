import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
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

/**
 * The same bytes as `signedIdentityFor` (signIdentity's `base64url(JSON).base64url(HMAC)`), for the
 * per-request path: the JSON of the caller's part ({sub, workspace_id, roles}) is built once per
 * verified-claims object (the authenticator's cache hands out the same object for a token), and
 * the key is imported once rather than converted from its string on every HMAC.
 */
export class IdentitySigner {
  private readonly key: KeyObject;
  private readonly callerJson = new WeakMap<JwtClaims, string>();

  constructor(key: string) {
    // createHmac(alg, string) uses the string's UTF-8 bytes: the same key.
    this.key = createSecretKey(Buffer.from(key, 'utf8'));
  }

  sign(claims: JwtClaims, requestId: string, nowMs = Date.now()): string {
    let caller = this.callerJson.get(claims);
    if (caller === undefined) {
      // Key order as in signedIdentityFor's object literal, so JSON.stringify of it gives these bytes.
      caller = `{"sub":${JSON.stringify(claims.sub)},"workspace_id":${JSON.stringify(claims.workspace_id)},"roles":${JSON.stringify(claims.roles)},"request_id":`;
      this.callerJson.set(claims, caller);
    }
    const json = `${caller}${JSON.stringify(requestId)},"exp":${Math.floor(nowMs / 1000) + IDENTITY_TTL_SECONDS}}`;
    const payload = Buffer.from(json).toString('base64url');
    return `${payload}.${createHmac('sha256', this.key).update(payload).digest('base64url')}`;
  }
}
