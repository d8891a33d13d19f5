import { randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';
import { DEV_JWT_AUDIENCE, DEV_JWT_ISSUER, DEV_KEY_ID } from './dev-trust';
import type { TokenOptions } from './token-options';

/** A JWT with every claim API.md requires, signed with the dev key. */
export async function mintDevToken(key: CryptoKey, options: TokenOptions, nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
  return new SignJWT({ workspace_id: options.workspaceId, roles: options.roles })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: DEV_KEY_ID })
    .setSubject(options.sub)
    .setIssuer(DEV_JWT_ISSUER)
    .setAudience(DEV_JWT_AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + options.ttlSeconds)
    .sign(key);
}
