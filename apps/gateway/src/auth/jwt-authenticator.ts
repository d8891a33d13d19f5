import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { LRUCache } from 'lru-cache';
import { jwtClaimsSchema, type JwtClaims } from '@forecastin/contracts';
import { ConfigError } from '@forecastin/lifecycle';
import { authConfigProblems, type AsymmetricAlgorithm, type AuthConfig } from './auth-config';
import { authFailure, type AuthResult } from './auth-result';
import { extractBearerToken, MAX_TOKEN_LENGTH } from './bearer-token';
import { joseErrorToAuthResult } from './jose-error.mapper';
import { loadKeyFiles } from './key-files.loader';

/** Upper bound on the verified-token cache's memory (token strings plus claims, estimated). */
const CACHE_MAX_BYTES = 32 * 1024 * 1024;

export interface JwtAuthenticatorOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly AsymmetricAlgorithm[];
  readonly clockSkewSeconds: number;
  /** Trusted keys, each pinned to its one algorithm (see loadKeyFiles). */
  readonly localKeys?: JSONWebKeySet;
  readonly jwks?: { readonly url: string; readonly cacheMaxAgeMs: number; readonly cooldownMs: number; readonly timeoutMs: number };
  /** Only ever set outside production (authConfigProblems enforces it). */
  readonly hs256Secret?: string;
  readonly cacheMaxEntries?: number;
}

/**
 * Verifies callers' access tokens. Each key verifies only its own algorithm and the accepted
 * algorithms are fixed by configuration, never by the token header, so `alg: none` and
 * HS256-signed-with-the-public-key tokens cannot pass. A verified token is cached by its exact
 * string until it expires, so a hot token costs one map lookup instead of a signature check.
 */
export class JwtAuthenticator {
  private readonly verifyOptions: JWTVerifyOptions;
  private readonly getKey: JWTVerifyGetKey;
  private readonly verified: LRUCache<string, JwtClaims> | undefined;

  constructor(options: JwtAuthenticatorOptions) {
    const hsKey = options.hs256Secret === undefined ? undefined : new TextEncoder().encode(options.hs256Secret);
    this.verifyOptions = {
      algorithms: [...options.algorithms, ...(hsKey ? ['HS256'] : [])],
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: options.clockSkewSeconds,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    };
    const local = options.localKeys && options.localKeys.keys.length > 0 ? createLocalJWKSet(options.localKeys) : undefined;
    const remote = options.jwks
      ? createRemoteJWKSet(new URL(options.jwks.url), {
          cacheMaxAge: options.jwks.cacheMaxAgeMs,
          cooldownDuration: options.jwks.cooldownMs,
          timeoutDuration: options.jwks.timeoutMs,
        })
      : undefined;
    this.getKey = async (header, token) => {
      if (header.alg === 'HS256') {
        if (hsKey) return hsKey;
        throw new errors.JOSEAlgNotAllowed('HS256 is not enabled');
      }
      if (local) {
        try {
          return await local(header, token);
        } catch (error: unknown) {
          if (!remote || !(error instanceof errors.JWKSNoMatchingKey)) throw error;
        }
      }
      if (remote) return remote(header, token);
      throw new errors.JWKSNoMatchingKey();
    };
    const max = options.cacheMaxEntries ?? 10_000;
    // Bounded in bytes too: tokens may be up to 8 KiB each, and the cache must not grow with them.
    this.verified = max > 0 ? new LRUCache<string, JwtClaims>({ max, maxSize: CACHE_MAX_BYTES, sizeCalculation: (_claims, token) => token.length + 512 }) : undefined;
  }

  /** Builds the authenticator from the gateway config; throws ConfigError on an unusable combination or unreadable key file. */
  static async fromConfig(config: AuthConfig): Promise<JwtAuthenticator> {
    const problems = authConfigProblems(config);
    if (problems.length > 0) throw new ConfigError(problems);
    let localKeys: JSONWebKeySet | undefined;
    try {
      localKeys = await loadKeyFiles(config.JWT_PUBLIC_KEY_FILES);
    } catch (error: unknown) {
      throw new ConfigError([error instanceof Error ? error.message : String(error)]);
    }
    return new JwtAuthenticator({
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      algorithms: config.JWT_ALGORITHMS,
      clockSkewSeconds: config.JWT_CLOCK_SKEW_SECONDS,
      localKeys,
      jwks: config.JWT_JWKS_URL
        ? { url: config.JWT_JWKS_URL, cacheMaxAgeMs: config.JWKS_CACHE_MAX_AGE_MS, cooldownMs: config.JWKS_COOLDOWN_MS, timeoutMs: config.JWKS_TIMEOUT_MS }
        : undefined,
      hs256Secret: config.JWT_ALLOW_HS256 ? config.JWT_HS256_SECRET : undefined,
      cacheMaxEntries: config.JWT_CACHE_MAX_ENTRIES,
    });
  }

  /**
   * The answer when it needs no signature check, synchronously: a missing, malformed or over-long
   * token (refused), or a token verified before and not yet expired (from the cache). Undefined
   * when jose must verify it (`authenticate`). The proxied path calls this first so a hot token
   * costs no promise at all.
   */
  authenticateCached(authorization: string | undefined, accessTokenQuery?: string): AuthResult | undefined {
    const token = extractBearerToken(authorization, accessTokenQuery);
    if (token === undefined) return authFailure('UNAUTHENTICATED', 'a bearer token is required');
    if (token.length > MAX_TOKEN_LENGTH) return authFailure('UNAUTHENTICATED', 'token is too long');
    const cached = this.verified?.get(token);
    if (cached && cached.exp * 1000 > Date.now()) return { ok: true, claims: cached, token };
    return undefined;
  }

  async authenticate(authorization: string | undefined, accessTokenQuery?: string): Promise<AuthResult> {
    const known = this.authenticateCached(authorization, accessTokenQuery);
    if (known) return known;
    // authenticateCached returned undefined, so the token is present and of an acceptable length.
    const token = extractBearerToken(authorization, accessTokenQuery) ?? '';
    const nowMs = Date.now();

    let payload: JWTPayload;
    try {
      payload = await this.verify(token);
    } catch (error: unknown) {
      return joseErrorToAuthResult(error);
    }
    const parsed = jwtClaimsSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return authFailure('UNAUTHENTICATED', `token ${String(issue?.path[0] ?? 'claims')} claim is missing or invalid`);
    }
    const claims = parsed.data;
    // Cache only until exp (not exp + skew): past it, the token goes back through jose, which applies the skew.
    const ttl = claims.exp * 1000 - nowMs;
    if (ttl > 0) this.verified?.set(token, claims, { ttl });
    return { ok: true, claims, token };
  }

  private async verify(token: string): Promise<JWTPayload> {
    try {
      return (await jwtVerify(token, this.getKey, this.verifyOptions)).payload;
    } catch (error: unknown) {
      // Several kid-less keys for one algorithm: jose hands back the candidates to try in turn.
      if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
      let last: unknown = error;
      for await (const key of error) {
        try {
          return (await jwtVerify(token, key, this.verifyOptions)).payload;
        } catch (candidateError: unknown) {
          last = candidateError;
          if (!(candidateError instanceof errors.JWSSignatureVerificationFailed)) break;
        }
      }
      throw last;
    }
  }
}
