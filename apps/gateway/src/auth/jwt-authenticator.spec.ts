import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import {
  createTestKeys,
  hs256WithKey,
  mintTestToken,
  TEST_JWT_AUDIENCE,
  TEST_JWT_ISSUER,
  unsignedToken,
  type TestKeys,
} from '@forecastin/testing';
import { ConfigError } from '@forecastin/lifecycle';
import { authConfigShape, type AuthConfig } from './auth-config';
import { JwtAuthenticator, type JwtAuthenticatorOptions } from './jwt-authenticator';
import { z } from 'zod';

const base = { issuer: TEST_JWT_ISSUER, audience: TEST_JWT_AUDIENCE, algorithms: ['RS256', 'ES256', 'EdDSA'], clockSkewSeconds: 30 } as const;
const bearer = (token: string): string => `Bearer ${token}`;
const now = (): number => Math.floor(Date.now() / 1000);

/** A JWKS endpoint whose key set a test can rotate, counting fetches. */
async function jwksServer(initial: JSONWebKeySet): Promise<{ url: string; fetches: () => number; serve: (jwks: JSONWebKeySet) => void; close: () => Promise<void> }> {
  let current = initial;
  let count = 0;
  const server: Server = createServer((_request, response) => {
    count += 1;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(current));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    fetches: () => count,
    serve: (jwks) => {
      current = jwks;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('JwtAuthenticator', () => {
  let rsa: TestKeys;
  let ec: TestKeys;
  let ed: TestKeys;
  let other: TestKeys;
  let auth: JwtAuthenticator;
  const make = (options: Partial<JwtAuthenticatorOptions> = {}): JwtAuthenticator =>
    new JwtAuthenticator({ ...base, localKeys: { keys: [rsa.publicJwk, ec.publicJwk, ed.publicJwk] }, ...options });

  beforeAll(async () => {
    [rsa, ec, ed, other] = await Promise.all([createTestKeys('RS256'), createTestKeys('ES256'), createTestKeys('EdDSA'), createTestKeys('RS256')]);
    auth = make();
  });

  it.each(['rsa', 'ec', 'ed'] as const)('accepts a valid %s token and returns its claims', async (which) => {
    const keys = { rsa, ec, ed }[which];
    const workspace = '2b5f4c1e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';
    const token = await mintTestToken(keys, { roles: ['admin'], workspace_id: workspace, sub: 'user-7' });
    const result = await auth.authenticate(bearer(token));
    expect(result).toEqual({ ok: true, token, claims: expect.objectContaining({ sub: 'user-7', workspace_id: workspace, roles: ['admin'] }) });
  });

  it('reads the token from access_token when there is no Authorization header', async () => {
    const token = await mintTestToken(ed);
    expect((await auth.authenticate(undefined, token)).ok).toBe(true);
    expect((await auth.authenticate('Basic abc', token)).ok).toBe(false);
  });

  const table: ReadonlyArray<[string, () => Promise<string>, 'UNAUTHENTICATED' | 'EXPIRED_TOKEN', RegExp]> = [
    ['alg none', async () => unsignedToken(), 'UNAUTHENTICATED', /algorithm/],
    ['HS256 signed with the public key PEM', async () => hs256WithKey({}, rsa.publicKeyPem, { kid: rsa.kid }), 'UNAUTHENTICATED', /algorithm/],
    ['unknown kid', async () => mintTestToken(other), 'UNAUTHENTICATED', /no trusted key/],
    ['a known kid but another key signed it', async () => mintTestToken(other, {}, { kid: rsa.kid }), 'UNAUTHENTICATED', /signature/],
    ['expired', async () => mintTestToken(rsa, { iat: now() - 600, exp: now() - 60 }), 'EXPIRED_TOKEN', /expired/],
    ['nbf in the future beyond the skew', async () => mintTestToken(rsa, {}, { notBefore: 120 }), 'UNAUTHENTICATED', /not yet valid/],
    ['wrong iss', async () => mintTestToken(rsa, { iss: 'https://evil.example/' }), 'UNAUTHENTICATED', /iss/],
    ['wrong aud', async () => mintTestToken(rsa, { aud: 'someone-else' }), 'UNAUTHENTICATED', /aud/],
    [
      'tampered payload',
      async () => {
        const [header, , signature] = (await mintTestToken(rsa, { roles: ['viewer'] })).split('.');
        const forged = Buffer.from(JSON.stringify({ roles: ['admin'], iss: TEST_JWT_ISSUER, aud: TEST_JWT_AUDIENCE })).toString('base64url');
        return `${header}.${forged}.${signature}`;
      },
      'UNAUTHENTICATED',
      /signature/,
    ],
    ['missing jti', async () => mintTestToken(rsa, {}, { omit: ['jti'] }), 'UNAUTHENTICATED', /jti/],
    ['missing workspace_id', async () => mintTestToken(rsa, {}, { omit: ['workspace_id'] }), 'UNAUTHENTICATED', /workspace_id/],
    ['workspace_id not a uuid', async () => mintTestToken(rsa, { workspace_id: 'acme' }), 'UNAUTHENTICATED', /workspace_id/],
    ['unknown role', async () => mintTestToken(rsa, { roles: ['root' as 'admin'] }), 'UNAUTHENTICATED', /roles/],
    ['empty roles', async () => mintTestToken(rsa, { roles: [] }), 'UNAUTHENTICATED', /roles/],
    ['garbage', async () => 'not-a-token', 'UNAUTHENTICATED', /malformed/],
    ['three garbage segments', async () => 'a.b.c', 'UNAUTHENTICATED', /malformed/],
    ['oversized', async () => `${'a'.repeat(9000)}.b.c`, 'UNAUTHENTICATED', /./],
  ];

  it.each(table)('rejects %s', async (_name, token, code, message) => {
    const value = await token();
    const result = await auth.authenticate(bearer(value));
    expect(result).toEqual({ ok: false, code, message: expect.stringMatching(message) });
    if (!result.ok) expect(result.message).not.toContain(value.slice(0, 20));
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Token abc', 'Bearer a b', 'Bearer \u0000'])('rejects the Authorization header %p', async (header) => {
    expect(await auth.authenticate(header)).toEqual({ ok: false, code: 'UNAUTHENTICATED', message: expect.any(String) });
  });

  it('accepts nbf and exp within the clock skew', async () => {
    expect((await auth.authenticate(bearer(await mintTestToken(rsa, {}, { notBefore: 10 }))))).toMatchObject({ ok: true });
    expect((await auth.authenticate(bearer(await mintTestToken(rsa, { iat: now() - 100, exp: now() - 10 }))))).toMatchObject({ ok: true });
  });

  it('refuses an algorithm that is not configured even with a matching key', async () => {
    const rsaOnly = make({ algorithms: ['RS256'] });
    expect(await rsaOnly.authenticate(bearer(await mintTestToken(ed)))).toMatchObject({ ok: false, message: /algorithm/ });
    expect(await rsaOnly.authenticate(bearer(await mintTestToken(rsa)))).toMatchObject({ ok: true });
  });

  it('accepts HS256 only when a secret is configured, and then not with the public key', async () => {
    const secret = 'a-test-only-hs256-secret-of-32-bytes!!';
    const withHs = make({ hs256Secret: secret });
    expect(await withHs.authenticate(bearer(await hs256WithKey({}, secret)))).toMatchObject({ ok: true });
    expect(await withHs.authenticate(bearer(await hs256WithKey({}, rsa.publicKeyPem)))).toMatchObject({ ok: false, message: /signature/ });
    expect(await auth.authenticate(bearer(await hs256WithKey({}, secret)))).toMatchObject({ ok: false, message: /algorithm/ });
  });

  it('serves a verified token from its cache until exp, and never caches a failure', async () => {
    const cached = make();
    const token = await mintTestToken(ec, { iat: now(), exp: now() + 2 });
    expect((await cached.authenticate(bearer(token))).ok).toBe(true);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 1000; i += 1) await cached.authenticate(bearer(token));
    const perCallUs = Number(process.hrtime.bigint() - started) / 1000 / 1000;
    expect(perCallUs).toBeLessThan(50);
    const bad = `${token.slice(0, -4)}AAAA`;
    expect((await cached.authenticate(bearer(bad))).ok).toBe(false);
    expect((await cached.authenticate(bearer(bad))).ok).toBe(false);
  });

  describe('JWKS', () => {
    it('fetches keys once, picks up a rotated key on an unknown kid, and refetches at most once per cooldown', async () => {
      const server = await jwksServer(rsa.jwks);
      try {
        const remote = new JwtAuthenticator({ ...base, jwks: { url: server.url, cacheMaxAgeMs: 600_000, cooldownMs: 1000, timeoutMs: 2000 } });
        expect(await remote.authenticate(bearer(await mintTestToken(rsa)))).toMatchObject({ ok: true });
        expect(await remote.authenticate(bearer(await mintTestToken(rsa)))).toMatchObject({ ok: true });
        expect(server.fetches()).toBe(1);

        // Forged kids within the cooldown cost the identity provider nothing.
        for (let i = 0; i < 5; i += 1) {
          expect(await remote.authenticate(bearer(await mintTestToken(other, {}, { kid: `forged-${i}` })))).toMatchObject({ ok: false });
        }
        expect(server.fetches()).toBe(1);

        server.serve({ keys: [rsa.publicJwk, ec.publicJwk] });
        await new Promise((resolve) => setTimeout(resolve, 1100));
        expect(await remote.authenticate(bearer(await mintTestToken(ec)))).toMatchObject({ ok: true });
        expect(server.fetches()).toBe(2);
      } finally {
        await server.close();
      }
    });

    it('uses local keys first and falls back to the JWKS for other kids', async () => {
      const server = await jwksServer(ed.jwks);
      try {
        const both = new JwtAuthenticator({ ...base, localKeys: rsa.jwks, jwks: { url: server.url, cacheMaxAgeMs: 600_000, cooldownMs: 30_000, timeoutMs: 2000 } });
        expect(await both.authenticate(bearer(await mintTestToken(rsa)))).toMatchObject({ ok: true });
        expect(server.fetches()).toBe(0);
        expect(await both.authenticate(bearer(await mintTestToken(ed)))).toMatchObject({ ok: true });
        expect(server.fetches()).toBe(1);
      } finally {
        await server.close();
      }
    });

    it('answers 401 when the JWKS cannot be fetched', async () => {
      const server = await jwksServer(rsa.jwks);
      const url = server.url;
      await server.close();
      const remote = new JwtAuthenticator({ ...base, jwks: { url, cacheMaxAgeMs: 600_000, cooldownMs: 0, timeoutMs: 500 } });
      expect(await remote.authenticate(bearer(await mintTestToken(rsa)))).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    });
  });

  describe('fromConfig', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'gw-keys-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const parse = (env: Record<string, string>): AuthConfig => ({ ...z.object(authConfigShape).parse(env), NODE_ENV: 'test' });

    it('trusts PEM and JWK files, each key only for its own algorithm', async () => {
      await writeFile(join(dir, 'issuer-ec.pem'), ec.publicKeyPem);
      await writeFile(join(dir, 'ed.jwk.json'), JSON.stringify(ed.publicJwk));
      const fromFiles = await JwtAuthenticator.fromConfig(
        parse({ JWT_ISSUER: TEST_JWT_ISSUER, JWT_AUDIENCE: TEST_JWT_AUDIENCE, JWT_PUBLIC_KEY_FILES: `${join(dir, 'issuer-ec.pem')},${join(dir, 'ed.jwk.json')}` }),
      );
      expect(await fromFiles.authenticate(bearer(await mintTestToken(ec, {}, { kid: 'issuer-ec' })))).toMatchObject({ ok: true });
      expect(await fromFiles.authenticate(bearer(await mintTestToken(ed)))).toMatchObject({ ok: true });
      expect(await fromFiles.authenticate(bearer(await mintTestToken(rsa)))).toMatchObject({ ok: false });
    });

    it('refuses a private key file and a config without key sources', async () => {
      await writeFile(join(dir, 'private.pem'), rsa.privateKeyPem);
      const common = { JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' };
      await expect(JwtAuthenticator.fromConfig(parse({ ...common, JWT_PUBLIC_KEY_FILES: join(dir, 'private.pem') }))).rejects.toThrow(/private key/);
      await expect(JwtAuthenticator.fromConfig(parse(common))).rejects.toThrow(ConfigError);
    });
  });
});
