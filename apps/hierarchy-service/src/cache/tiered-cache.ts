import type { CacheMetrics } from './cache-metrics';
import { groupId, type CacheGroup } from './cache-keys';
import type { MemoryTier } from './memory-tier';
import type { RedisTier } from './redis-tier';

export interface ReadOptions {
  /** Skip L1 and L2 (a read after waiting for a consistency token): the database answers. */
  readonly fresh: boolean;
}

/**
 * L1 → L2 → loader (L3, the indexed queries over L4, the maintained counts). Concurrent misses of
 * the same entry share one load (single flight). Loaded values are stored in both tiers under the
 * guards that keep an invalidation racing with the load from being overwritten by the old value.
 * `undefined` (not found) is never cached.
 */
export class TieredCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly memory: MemoryTier,
    private readonly redis: RedisTier,
    private readonly metrics: CacheMetrics,
  ) {}

  async get<T>(group: CacheGroup, variant: string, options: ReadOptions, load: () => Promise<T | undefined>): Promise<T | undefined> {
    if (options.fresh) return this.loadThrough(group, variant, load, true);
    const cached = this.memory.get(group, variant);
    if (cached !== undefined) return cached as T;
    return this.shared(group, variant, load);
  }

  /** One load per entry at a time, whoever asks. */
  private shared<T>(group: CacheGroup, variant: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const key = `${groupId(group)}#${variant}`;
    const running = this.inFlight.get(key);
    if (running) return running as Promise<T | undefined>;
    const loading = this.loadThrough(group, variant, load, false).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, loading);
    return loading;
  }

  /** Several groups at once (a node and its ancestors): one loader call for everything L1/L2 lack. */
  async getMany<T>(
    groups: readonly CacheGroup[],
    options: ReadOptions,
    load: (missing: readonly CacheGroup[]) => Promise<Map<string, T>>,
  ): Promise<Array<T | undefined>> {
    const results: Array<T | undefined> = new Array<T | undefined>(groups.length);
    const missing: number[] = [];
    groups.forEach((group, index) => {
      const cached = options.fresh ? undefined : this.memory.get(group, '');
      if (cached === undefined) missing.push(index);
      else results[index] = cached as T;
    });
    if (missing.length === 0) return results;
    let batch: Promise<Map<string, T>> | undefined;
    const loadOne = (group: CacheGroup) => async () => {
      batch ??= load(missing.map((index) => groups[index] as CacheGroup));
      return (await batch).get(group.path);
    };
    await Promise.all(
      missing.map(async (index) => {
        const group = groups[index] as CacheGroup;
        results[index] = options.fresh ? await this.loadThrough(group, '', loadOne(group), true) : await this.shared(group, '', loadOne(group));
      }),
    );
    return results;
  }

  private async loadThrough<T>(group: CacheGroup, variant: string, load: () => Promise<T | undefined>, fresh: boolean): Promise<T | undefined> {
    const epoch = this.memory.epoch;
    const lookup = fresh ? { value: undefined, stamp: await this.redis.stamp(group) } : await this.redis.get(group, variant);
    if (lookup.value !== undefined) {
      const value = JSON.parse(lookup.value) as T;
      this.memory.set(group, variant, value, epoch);
      return value;
    }
    const value = await load();
    if (value === undefined) {
      this.metrics.miss('l3');
      return undefined;
    }
    this.metrics.hit('l3');
    void this.redis.fill(group, variant, JSON.stringify(value), lookup.stamp);
    this.memory.set(group, variant, value, epoch);
    return value;
  }
}
