import pino from 'pino';
import { RedisDependency } from '@forecastin/cache';
import { deleteTestKeys, uniqueTestPrefix } from '@forecastin/testing';
import { revocationKey, RevocationStore } from './revocation-store';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe('RevocationStore (real Redis)', () => {
  const prefix = `${uniqueTestPrefix('gw-revoke')}:`;
  const redis = new RedisDependency({ url: REDIS_URL, keyPrefix: prefix, logger: pino({ level: 'silent' }) });
  const store = new RevocationStore(redis, { clockSkewSeconds: 30 });

  beforeAll(() => redis.connect());
  afterAll(async () => {
    await deleteTestKeys(prefix);
    await redis.close();
  });

  it('keeps a revoked jti until the token expiry plus the skew', async () => {
    const exp = Math.floor(Date.now() / 1000) + 100;
    expect(await store.isRevoked('j-1')).toBe(false);
    expect(await store.revoke('j-1', exp)).toBe(true);
    expect(await store.isRevoked('j-1')).toBe(true);
    expect(await redis.client.expireTime(revocationKey(redis, 'j-1'))).toBe(exp + 30);
  });

  it('does not store a revocation for a token already past expiry and skew', async () => {
    expect(await store.revoke('j-old', Math.floor(Date.now() / 1000) - 31)).toBe(false);
    expect(await store.isRevoked('j-old')).toBe(false);
  });

  it('fails closed with SERVICE_UNAVAILABLE when Redis cannot be asked', async () => {
    const offline = new RevocationStore(new RedisDependency({ url: REDIS_URL, keyPrefix: prefix, logger: pino({ level: 'silent' }) }), { clockSkewSeconds: 30 });
    await expect(offline.isRevoked('j-1')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
  });
});
