import { z } from 'zod';
import { authConfigProblems, authConfigShape, type AuthConfig } from './auth-config';

const secret = 'x'.repeat(40);
function config(env: Record<string, string>, nodeEnv: AuthConfig['NODE_ENV'] = 'development'): AuthConfig {
  return { ...z.object(authConfigShape).parse({ JWT_ISSUER: 'https://idp/', JWT_AUDIENCE: 'api', ...env }), NODE_ENV: nodeEnv };
}

describe('authConfigShape / authConfigProblems', () => {
  it('defaults to the three asymmetric algorithms and a 30 s skew', () => {
    const parsed = config({ JWT_PUBLIC_KEY_FILES: 'a.pem, b.json' });
    expect(parsed.JWT_ALGORITHMS).toEqual(['RS256', 'ES256', 'EdDSA']);
    expect(parsed.JWT_PUBLIC_KEY_FILES).toEqual(['a.pem', 'b.json']);
    expect(parsed.JWT_CLOCK_SKEW_SECONDS).toBe(30);
    expect(authConfigProblems(parsed)).toEqual([]);
  });

  it('refuses HS256 or none as a configured algorithm', () => {
    expect(z.object(authConfigShape).safeParse({ JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', JWT_ALGORITHMS: 'RS256,HS256' }).success).toBe(false);
    expect(z.object(authConfigShape).safeParse({ JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', JWT_ALGORITHMS: 'none' }).success).toBe(false);
  });

  it('requires a key source', () => {
    expect(authConfigProblems(config({}))).toEqual([expect.stringMatching(/at least one source/)]);
    expect(authConfigProblems(config({ JWT_JWKS_URL: 'https://idp/jwks' }))).toEqual([]);
  });

  it('accepts an HS256 secret only with JWT_ALLOW_HS256=true and never in production', () => {
    expect(authConfigProblems(config({ JWT_HS256_SECRET: secret }))).toContainEqual(expect.stringMatching(/JWT_ALLOW_HS256=true/));
    expect(authConfigProblems(config({ JWT_ALLOW_HS256: 'true' }))).toEqual([expect.stringMatching(/requires JWT_HS256_SECRET/)]);
    expect(authConfigProblems(config({ JWT_ALLOW_HS256: 'true', JWT_HS256_SECRET: secret }))).toEqual([]);
    expect(authConfigProblems(config({ JWT_ALLOW_HS256: 'true', JWT_HS256_SECRET: secret, JWT_JWKS_URL: 'https://idp/jwks' }, 'production'))).toEqual([
      expect.stringMatching(/never accepted in production/),
    ]);
    expect(z.object(authConfigShape).safeParse({ JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', JWT_HS256_SECRET: 'short' }).success).toBe(false);
  });

  it('requires https for the JWKS in production', () => {
    expect(authConfigProblems(config({ JWT_JWKS_URL: 'http://idp/jwks' }, 'production'))).toEqual([expect.stringMatching(/https/)]);
  });
});
