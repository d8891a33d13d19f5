import { setTimeout as sleep } from 'node:timers/promises';
import { createCaptureLogger, TcpProxy, testRedisEnv, uniqueTestPrefix } from '@forecastin/testing';
import { RedisDependency, RedisNotConnectedError } from './redis.dependency';

const REDIS_HOST = '127.0.0.1';
const REDIS_PORT = 6379;
const prefix = testRedisEnv(uniqueTestPrefix('cache')).REDIS_KEY_PREFIX;

async function eventually(probe: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await probe();
      return;
    } catch (error: unknown) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

describe('RedisDependency (real Redis)', () => {
  const { logger } = createCaptureLogger();
  const redis = new RedisDependency({ url: `redis://${REDIS_HOST}:${REDIS_PORT}`, logger, keyPrefix: prefix });

  beforeAll(async () => {
    await redis.connect();
  });

  afterAll(async () => {
    const keys = await redis.client.keys(`${prefix}*`);
    if (keys.length > 0) await redis.client.del(keys);
    await redis.close();
  });

  it('builds prefixed keys and round-trips values through them', async () => {
    const key = redis.key('hierarchy', 'node', 42);
    expect(key).toBe(`${prefix}hierarchy:node:42`);
    await redis.client.set(key, 'tokyo', { expiration: { type: 'EX', value: 60 } });
    expect(await redis.client.get(key)).toBe('tokyo');
    expect(await redis.client.ttl(key)).toBeGreaterThan(0);
  });

  it('passes the readiness check while connected', async () => {
    await expect(redis.check()).resolves.toBeUndefined();
  });

  it('rejects connect() to a dead port within the bound and leaves nothing running', async () => {
    const dead = new RedisDependency({ url: 'redis://127.0.0.1:1', logger, keyPrefix: prefix, connectTimeoutMs: 1000 });
    const started = Date.now();
    await expect(dead.connect()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(() => dead.client).toThrow(RedisNotConnectedError);
    await expect(dead.check()).rejects.toThrow(RedisNotConnectedError);
    await expect(dead.close()).resolves.toBeUndefined();
  });

  it('is closable more than once, and before it ever connected', async () => {
    const never = new RedisDependency({ url: 'redis://127.0.0.1:1', logger, keyPrefix: prefix });
    await expect(never.close()).resolves.toBeUndefined();

    const once = new RedisDependency({ url: `redis://${REDIS_HOST}:${REDIS_PORT}`, logger, keyPrefix: prefix });
    await once.connect();
    await once.close();
    await expect(once.close()).resolves.toBeUndefined();
    expect(() => once.client).toThrow(RedisNotConnectedError);
  });
});

describe('RedisDependency through a cuttable connection', () => {
  let proxy: TcpProxy;
  const logs = createCaptureLogger();
  let redis: RedisDependency;

  beforeAll(async () => {
    proxy = await TcpProxy.start({ targetHost: REDIS_HOST, targetPort: REDIS_PORT });
    redis = new RedisDependency({
      url: proxy.url('redis'),
      logger: logs.logger,
      keyPrefix: prefix,
      reconnectBaseMs: 50,
      reconnectMaxMs: 200,
    });
    await redis.connect();
  });

  afterAll(async () => {
    await redis.close();
    await proxy.close();
  });

  it('fails the check within a second of the cut, fails commands fast, and recovers after restore', async () => {
    await redis.check();

    await proxy.cut();
    const cutAt = Date.now();
    await eventually(async () => {
      await expect(redis.check()).rejects.toThrow();
    }, 1500);
    expect(Date.now() - cutAt).toBeLessThan(1500);

    // The offline queue is off: a command while disconnected fails now instead of hanging until the
    // link is restored (below); the bound leaves room for a loaded machine.
    const commandStarted = Date.now();
    await expect(redis.client.get(redis.key('anything'))).rejects.toThrow();
    expect(Date.now() - commandStarted).toBeLessThan(2_000);

    await sleep(500); // several reconnect attempts fail while cut, and none may crash the process
    await proxy.restore();
    await eventually(() => redis.check(), 3000);

    await redis.client.set(redis.key('after-restore'), '1');
    expect(await redis.client.get(redis.key('after-restore'))).toBe('1');
    expect(logs.withMessage('redis connection lost, reconnecting')).toHaveLength(1);
    expect(logs.withMessage('redis reconnected')).toHaveLength(1);
  });
});
