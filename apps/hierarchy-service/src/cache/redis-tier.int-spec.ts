import { randomUUID } from 'node:crypto';
import { RedisDependency } from '@forecastin/cache';
import { ServiceMetrics } from '@forecastin/observability';
import { createCaptureLogger, deleteTestKeys, testRedisEnv, uniqueTestPrefix } from '@forecastin/testing';
import { CacheMetrics } from './cache-metrics';
import type { CacheGroup } from './cache-keys';
import { RedisTier } from './redis-tier';

describe('RedisTier invalidation (real Redis)', () => {
  const { logger } = createCaptureLogger();
  const prefix = testRedisEnv(uniqueTestPrefix('hier_l2')).REDIS_KEY_PREFIX;
  const redis = new RedisDependency({ url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', logger, keyPrefix: prefix });
  const tier = new RedisTier(redis, { ttlMs: 60_000, jitterPercent: 0 }, new CacheMetrics(new ServiceMetrics('hierarchy-test')), logger);
  const workspaceId = randomUUID();

  beforeAll(async () => {
    await redis.connect();
  });

  afterAll(async () => {
    tier.stop();
    await redis.close();
    await deleteTestKeys(prefix);
  });

  async function filled(group: CacheGroup): Promise<string> {
    const before = await tier.get(group, 'v');
    await tier.fill(group, 'v', JSON.stringify(group.path), before.stamp);
    expect((await tier.get(group, 'v')).value).toBe(JSON.stringify(group.path));
    return before.stamp;
  }

  it('drops every group of a batch larger than one script chunk, and a fill that looked before cannot write back', async () => {
    // 2,500 groups: three drop scripts; the last chunk's groups must go too.
    const groups: CacheGroup[] = Array.from({ length: 2500 }, (_, index) => ({ workspaceId, kind: 'node', path: `r.n${index}` }));
    const stamps = await Promise.all(groups.map(filled));
    await tier.invalidate(workspaceId, groups, []);
    for (const group of [groups[0], groups[999], groups[1000], groups[2499]] as CacheGroup[]) {
      const lookup = await tier.get(group, 'v');
      expect(lookup.value).toBeUndefined();
      expect(lookup.stamp).not.toBe('');
    }
    // A reader that saw the stamp before the invalidation (its query may predate the change) is refused.
    await tier.fill(groups[2499] as CacheGroup, 'v', '"stale"', stamps[2499] as string);
    expect((await tier.get(groups[2499] as CacheGroup, 'v')).value).toBeUndefined();
    expect(tier.pendingInvalidations).toBe(0);
  }, 30_000);

  it('drops the groups of every kind at and under a subtree root, and leaves the rest', async () => {
    const under = (['node', 'children', 'descendants'] as const).map((kind): CacheGroup => ({ workspaceId, kind, path: 'world.asia.japan' }));
    const root: CacheGroup = { workspaceId, kind: 'children', path: 'world.asia' };
    const outside: CacheGroup[] = [
      { workspaceId, kind: 'node', path: 'world.europe' },
      { workspaceId, kind: 'node', path: 'world.asian' }, // shares the root's first characters, not its label
      { workspaceId: randomUUID(), kind: 'node', path: 'world.asia.japan' }, // another workspace
    ];
    const stamps = await Promise.all([...under, root, ...outside].map(filled));
    await tier.invalidate(workspaceId, [], ['world.asia']);
    for (const group of [...under, root]) {
      const lookup = await tier.get(group, 'v');
      expect(lookup.value).toBeUndefined();
      expect(lookup.stamp).not.toBe(''); // tombstoned: a fill that looked before cannot write back
    }
    for (const group of outside) expect((await tier.get(group, 'v')).value).toBe(JSON.stringify(group.path));
    await tier.fill(under[0] as CacheGroup, 'v', '"stale"', stamps[0] as string);
    expect((await tier.get(under[0] as CacheGroup, 'v')).value).toBeUndefined();
  });
});
