/** Tokens longer than this are refused before any parsing: no identity provider issues them. */
export const MAX_TOKEN_LENGTH = 8192;

const BEARER = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i;

/**
 * The token from `Authorization: Bearer <token>`, else from the `access_token` query parameter
 * (browsers cannot set headers on a WebSocket upgrade). A header that is present but malformed
 * wins over the query, so a caller cannot mix two identities.
 */
export function extractBearerToken(authorization: string | undefined, accessTokenQuery?: string): string | undefined {
  if (authorization !== undefined) {
    if (authorization.length > MAX_TOKEN_LENGTH + 16) return undefined;
    return BEARER.exec(authorization)?.[1];
  }
  if (accessTokenQuery === undefined || accessTokenQuery.length === 0 || accessTokenQuery.length > MAX_TOKEN_LENGTH) return undefined;
  return accessTokenQuery;
}
