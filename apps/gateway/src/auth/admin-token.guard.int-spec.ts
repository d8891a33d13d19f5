import type { ExecutionContext } from '@nestjs/common';
import pino from 'pino';
import { RedisDependency } from '@forecastin/cache';
import { createTestKeys, deleteTestKeys, mintTestToken, TEST_JWT_AUDIENCE, TEST_JWT_ISSUER, uniqueTestPrefix, type TestKeys } from '@forecastin/testing';
import { AdminTokenGuard } from './admin-token.guard';
import { JwtAuthenticator } from './jwt-authenticator';
import { RevocationStore } from './revocation-store';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

function httpContext(authorization?: string): ExecutionContext {
  const request = { headers: authorization === undefined ? {} : { authorization } };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

describe('AdminTokenGuard (real Redis)', () => {
  const prefix = `${uniqueTestPrefix('gw-admin')}:`;
  const redis = new RedisDependency({ url: REDIS_URL, keyPrefix: prefix, logger: pino({ level: 'silent' }) });
  const revocations = new RevocationStore(redis, { clockSkewSeconds: 30 });
  let keys: TestKeys;
  let guard: AdminTokenGuard;

  beforeAll(async () => {
    await redis.connect();
    keys = await createTestKeys('ES256');
    const authenticator = new JwtAuthenticator({ issuer: TEST_JWT_ISSUER, audience: TEST_JWT_AUDIENCE, algorithms: ['ES256'], clockSkewSeconds: 30, localKeys: keys.jwks });
    guard = new AdminTokenGuard(authenticator, revocations);
  });
  afterAll(async () => {
    await deleteTestKeys(prefix);
    await redis.close();
  });

  it('lets an admin through', async () => {
    expect(await guard.canActivate(httpContext(`Bearer ${await mintTestToken(keys, { roles: ['admin'] })}`))).toBe(true);
  });

  it.each([
    ['no token', async () => undefined, 'UNAUTHENTICATED'],
    ['an analyst', async () => `Bearer ${await mintTestToken(keys, { roles: ['analyst'] })}`, 'INSUFFICIENT_PERMISSIONS'],
    ['an expired admin token', async () => `Bearer ${await mintTestToken(keys, { roles: ['admin'], iat: 1_000, exp: 2_000 })}`, 'EXPIRED_TOKEN'],
  ])('refuses %s', async (_name, header, code) => {
    await expect(guard.canActivate(httpContext(await header()))).rejects.toMatchObject({ code });
  });

  it('refuses a revoked admin token', async () => {
    const token = await mintTestToken(keys, { roles: ['admin'], jti: 'admin-revoked' });
    await revocations.revoke('admin-revoked', Math.floor(Date.now() / 1000) + 300);
    await expect(guard.canActivate(httpContext(`Bearer ${token}`))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: /revoked/ });
  });

  it('fails closed with 503 when revocation cannot be checked', async () => {
    const offline = new RevocationStore(new RedisDependency({ url: REDIS_URL, keyPrefix: prefix, logger: pino({ level: 'silent' }) }), { clockSkewSeconds: 30 });
    const authenticator = new JwtAuthenticator({ issuer: TEST_JWT_ISSUER, audience: TEST_JWT_AUDIENCE, algorithms: ['ES256'], clockSkewSeconds: 30, localKeys: keys.jwks });
    const token = await mintTestToken(keys, { roles: ['admin'] });
    await expect(new AdminTokenGuard(authenticator, offline).canActivate(httpContext(`Bearer ${token}`))).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
  });
});
