import { LRUCache } from 'lru-cache';
import type { ForwardedIdentity } from '@forecastin/contracts';
import { verifyIdentity } from '@forecastin/lifecycle';

/**
 * The identity tokens this instance has verified, by the whole token (payload and MAC), so the fast
 * path pays the HMAC, base64 and schema check once per token instead of once per request (the
 * gateway re-signs per request only when the caller changes). Only verified tokens are kept, so a
 * forged one never matches; expiry is checked on every use, as `verifyIdentity` does.
 */
export class VerifiedIdentities {
  private readonly verified = new LRUCache<string, ForwardedIdentity>({ max: 10_000 });

  constructor(private readonly signingKey: string) {}

  /** The identity when the token is valid now; undefined otherwise (the guard then answers). */
  identityOf(token: string | undefined, nowSeconds = Date.now() / 1000): ForwardedIdentity | undefined {
    if (token === undefined) return undefined;
    const known = this.verified.get(token);
    if (known) return known.exp > nowSeconds ? known : undefined;
    const result = verifyIdentity(token, this.signingKey, nowSeconds);
    if (!result.ok) return undefined;
    this.verified.set(token, result.identity);
    return result.identity;
  }
}
