import pino from 'pino';
import { RedisDependency } from '@forecastin/cache';
import { deleteTestKeys, TcpProxy, uniqueTestPrefix } from '@forecastin/testing';
import { RevocationStore } from '../auth';
import { rateLimitHeaders } from './rate-limit-headers';
import { RateLimiter } from './rate-limiter';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const logger = pino({ level: 'silent' });
const options = { timeoutMs: 500, localMaxSubjects: 1000 };

describe('RateLimiter (real Redis)', () => {
  const prefix = `${uniqueTestPrefix('gw-rate')}:`;
  const connected: RedisDependency[] = [];
  const redisAt = async (url: string): Promise<RedisDependency> => {
    const redis = new RedisDependency({ url, keyPrefix: prefix, logger, reconnectBaseMs: 20, reconnectMaxMs: 100 });
    await redis.connect();
    connected.push(redis);
    return redis;
  };

  afterAll(async () => {
    await deleteTestKeys(prefix);
    await Promise.all(connected.map((redis) => redis.close()));
  });

  it('admits exactly the limit from 200 concurrent decisions over two gateway instances', async () => {
    const [a, b] = [new RateLimiter(await redisAt(REDIS_URL), options), new RateLimiter(await redisAt(REDIS_URL), options)];
    const decisions = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).decide({ subject: 'user-1', routeClass: 'read', limit: 50, windowSeconds: 60 })),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(50);
    expect(decisions.every((decision) => !decision.degraded)).toBe(true);
    const refused = decisions.find((decision) => !decision.allowed);
    expect(refused).toMatchObject({ remaining: 0, retryAfterSeconds: expect.any(Number) });
    expect(refused?.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused?.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another subject and another route class have their own windows.
    expect(await a.decide({ subject: 'user-2', routeClass: 'read', limit: 50, windowSeconds: 60 })).toMatchObject({ allowed: true, remaining: 49 });
    expect(await a.decide({ subject: 'user-1', routeClass: 'write', limit: 50, windowSeconds: 60 })).toMatchObject({ allowed: true, remaining: 49 });
  });

  it('bounds each decision with its own timer only: no node-redis command timeout (an uncleared timer) per request', async () => {
    const limiter = new RateLimiter(await redisAt(REDIS_URL), options);
    const commandTimeouts = jest.spyOn(AbortSignal, 'timeout');
    try {
      expect(await limiter.decide({ subject: 'untimed', routeClass: 'read', limit: 5, windowSeconds: 60 })).toMatchObject({ allowed: true, remaining: 4 });
      expect(commandTimeouts).not.toHaveBeenCalled();
    } finally {
      commandTimeouts.mockRestore();
    }
  });

  it('slides: a slot frees up when the oldest request leaves the window, not at a fixed boundary', async () => {
    const limiter = new RateLimiter(await redisAt(REDIS_URL), options);
    const take = () => limiter.decide({ subject: 'slider', routeClass: 'read', limit: 2, windowSeconds: 1 });
    expect(await take()).toMatchObject({ allowed: true, remaining: 1 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await take()).toMatchObject({ allowed: true, remaining: 0 });
    expect(await take()).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The first request has left the window; the second (600 ms later) has not.
    expect(await take()).toMatchObject({ allowed: true, remaining: 0 });
    expect(await take()).toMatchObject({ allowed: false });
  });

  it('short-circuits a revoked jti without counting it', async () => {
    const redis = await redisAt(REDIS_URL);
    const limiter = new RateLimiter(redis, options);
    await new RevocationStore(redis, { clockSkewSeconds: 30 }).revoke('jti-revoked', Math.floor(Date.now() / 1000) + 60);
    const input = { subject: 'user-r', routeClass: 'read', limit: 1, windowSeconds: 60 };
    expect(await limiter.decide({ ...input, jti: 'jti-revoked' })).toMatchObject({ allowed: false, revoked: true });
    expect(await limiter.decide({ ...input, jti: 'jti-fine' })).toMatchObject({ allowed: true, remaining: 0 });
    expect((await limiter.decide({ ...input, jti: 'jti-fine' })).revoked).toBeUndefined();
  });

  it('reloads the script after Redis forgets it (SCRIPT FLUSH)', async () => {
    const redis = await redisAt(REDIS_URL);
    const limiter = new RateLimiter(redis, options);
    await limiter.decide({ subject: 'flush', routeClass: 'read', limit: 5, windowSeconds: 60 });
    await redis.client.scriptFlush();
    expect(await limiter.decide({ subject: 'flush', routeClass: 'read', limit: 5, windowSeconds: 60 })).toMatchObject({ allowed: true, remaining: 3 });
  });

  it('decides without Redis (local limit, tokens refused) before the client ever connected, instead of throwing', async () => {
    const never = new RedisDependency({ url: REDIS_URL, keyPrefix: prefix, logger });
    const limiter = new RateLimiter(never, options);
    const input = { subject: 'ip:203.0.113.10', routeClass: 'anonymous', limit: 1, windowSeconds: 60 };
    expect(await limiter.decide(input)).toMatchObject({ allowed: true, degraded: true });
    expect(await limiter.decide(input)).toMatchObject({ allowed: false, degraded: true });
    expect(await limiter.decide({ ...input, subject: 'user-10', limit: 100, jti: 'j' })).toMatchObject({ allowed: false, degraded: true });
    expect(limiter.isDegraded()).toBe(true);
  });

  it('falls back to a local limiter while Redis is cut, fails closed for tokens, and returns to Redis after', async () => {
    const proxy = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: Number(new URL(REDIS_URL).port || 6379) });
    try {
      const limiter = new RateLimiter(await redisAt(proxy.url('redis')), options);
      const input = { subject: 'ip:203.0.113.9', routeClass: 'anonymous', limit: 3, windowSeconds: 60 };
      expect(await limiter.decide(input)).toMatchObject({ allowed: true, degraded: false });
      await proxy.cut();
      const local = [];
      for (let i = 0; i < 4; i += 1) local.push(await limiter.decide(input));
      expect(local.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
      expect(local.every((decision) => decision.degraded)).toBe(true);
      expect(limiter.isDegraded()).toBe(true);
      // With a token, revocation is unknown: refused every time, never counted locally.
      for (let i = 0; i < 2; i += 1) {
        expect(await limiter.decide({ ...input, subject: 'user-9', limit: 100, jti: 'j' })).toMatchObject({ allowed: false, degraded: true });
      }

      await proxy.restore();
      const deadline = Date.now() + 5000;
      let back = await limiter.decide({ ...input, subject: 'ip:198.51.100.1' });
      while (back.degraded && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        back = await limiter.decide({ ...input, subject: 'ip:198.51.100.1' });
      }
      expect(back.degraded).toBe(false);
      expect(limiter.isDegraded()).toBe(false);
      // Redis still holds the one request admitted before the cut.
      expect(await limiter.decide(input)).toMatchObject({ allowed: true, remaining: 1, degraded: false });
    } finally {
      await proxy.close();
    }
  });
});

describe('rateLimitHeaders', () => {
  it('sets RateLimit-* always and Retry-After only on a refusal', () => {
    expect(rateLimitHeaders({ allowed: true, limit: 10, remaining: 4, resetSeconds: 30, degraded: false })).toEqual({
      'ratelimit-limit': '10',
      'ratelimit-remaining': '4',
      'ratelimit-reset': '30',
    });
    expect(rateLimitHeaders({ allowed: false, limit: 10, remaining: 0, resetSeconds: 7, retryAfterSeconds: 7, degraded: false })).toMatchObject({
      'ratelimit-remaining': '0',
      'retry-after': '7',
    });
  });
});
