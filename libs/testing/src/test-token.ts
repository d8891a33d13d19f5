import { randomUUID } from 'node:crypto';
import { SignJWT, base64url, type JWTHeaderParameters } from 'jose';
import type { JwtClaims } from '@forecastin/contracts';
import type { TestKeys } from './test-keys';

/** Issuer and audience minted tokens carry by default: configure the verifier under test with them. */
export const TEST_JWT_ISSUER = 'https://auth.forecastin.test/';
export const TEST_JWT_AUDIENCE = 'forecastin-api';

export interface MintOptions {
  /** Lifetime in seconds from `iat`. Default 300. Ignored when `claims.exp` is given. */
  readonly expiresIn?: number;
  /** Seconds from `iat` before which the token is not valid (sets `nbf`). */
  readonly notBefore?: number;
  /** Header `kid`; defaults to the key's. Pass another to test unknown-key handling. */
  readonly kid?: string;
  /** Signing algorithm when the key supports several (e.g. PS256 with an RSA key). */
  readonly alg?: string;
  /** Extra or replaced protected-header parameters (`typ`, `crit`, `jku`, ...). */
  readonly header?: Partial<JWTHeaderParameters>;
  /** Claims to leave out entirely, to test "missing claim" handling. */
  readonly omit?: ReadonlyArray<keyof JwtClaims>;
}

/** Sane defaults for every claim, overridden by `claims`, minus `omit`. */
export function buildTestClaims(claims: Partial<JwtClaims> = {}, options: MintOptions = {}): Record<string, unknown> {
  const iat = claims.iat ?? Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    sub: randomUUID(),
    workspace_id: randomUUID(),
    roles: ['analyst'],
    iss: TEST_JWT_ISSUER,
    aud: TEST_JWT_AUDIENCE,
    jti: randomUUID(),
    iat,
    exp: iat + (options.expiresIn ?? 300),
    ...(options.notBefore === undefined ? {} : { nbf: iat + options.notBefore }),
    ...claims,
  };
  for (const name of options.omit ?? []) delete payload[name];
  return payload;
}

/** A JWT signed with the test key: what a real identity provider would issue. */
export async function mintTestToken(keys: TestKeys, claims: Partial<JwtClaims> = {}, options: MintOptions = {}): Promise<string> {
  const alg = options.alg ?? keys.alg;
  return new SignJWT(buildTestClaims(claims, options))
    .setProtectedHeader({ alg, typ: 'JWT', kid: options.kid ?? keys.kid, ...options.header })
    .sign(keys.privateKey);
}

function encodeSegment(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

/** `alg: none` with an empty signature: must always be rejected. */
export function unsignedToken(claims: Partial<JwtClaims> = {}, options: MintOptions = {}): string {
  return `${encodeSegment({ alg: 'none', typ: 'JWT' })}.${encodeSegment(buildTestClaims(claims, options))}.`;
}

/**
 * HS256 keyed with `secret`. Pass the verifier's public key PEM as the secret to test algorithm
 * confusion (a verifier that lets the token pick the algorithm would accept it).
 */
export async function hs256WithKey(
  claims: Partial<JwtClaims>,
  secret: Uint8Array | string,
  options: MintOptions = {},
): Promise<string> {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  return new SignJWT(buildTestClaims(claims, options))
    .setProtectedHeader({ typ: 'JWT', ...(options.kid === undefined ? {} : { kid: options.kid }), ...options.header, alg: 'HS256' })
    .sign(key);
}
