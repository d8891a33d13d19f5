import { LRUCache } from 'lru-cache';
import type { CacheMetrics } from './cache-metrics';
import { groupId, isAtOrUnder, parseGroupId, type CacheGroup } from './cache-keys';

/**
 * L1: an in-process LRU of cache groups (one entry per group, holding its variants: pages,
 * filters) with a time to live. `epoch` moves on every invalidation: a load that started before
 * one may have read the old value, so it is not stored (see `set`).
 */
export class MemoryTier {
  private readonly lru: LRUCache<string, Map<string, unknown>>;
  private epochValue = 0;
  private generationValue = 0;

  constructor(
    options: { maxEntries: number; ttlMs: number },
    private readonly metrics: CacheMetrics,
  ) {
    this.lru = new LRUCache<string, Map<string, unknown>>({
      max: options.maxEntries,
      ttl: options.ttlMs,
      updateAgeOnGet: false,
      dispose: (_value, _key, reason) => {
        this.generationValue += 1;
        if (reason === 'evict' || reason === 'expire') metrics.evicted('l1', reason);
      },
    });
  }

  get epoch(): number {
    return this.epochValue;
  }

  /**
   * Moves on every change of what L1 holds: a store (new group or variant), an invalidation, a
   * clear, and every entry leaving (evicted, expired, deleted, replaced). While it stays put, every
   * entry still holds the very objects it held (entries past their time to live aside: see
   * `expiresInMs`).
   */
  get generation(): number {
    return this.generationValue;
  }

  /** Milliseconds before the group's entry expires (0 when it is not held). */
  expiresInMs(group: CacheGroup): number {
    return this.lru.getRemainingTTL(groupId(group));
  }

  get size(): number {
    return this.lru.size;
  }

  get(group: CacheGroup, variant: string): unknown {
    const value = this.lru.get(groupId(group))?.get(variant);
    if (value === undefined) this.metrics.miss('l1');
    else this.metrics.hit('l1');
    return value;
  }

  /**
   * The cached value without counting a lookup or refreshing recency (a request deciding whether it
   * can be answered before Nest; it counts its hits itself once it is).
   */
  peek(group: CacheGroup, variant: string): unknown {
    return this.lru.peek(groupId(group))?.get(variant);
  }

  /** Stores unless an invalidation arrived since `epochAtLoad` (the value may predate it). */
  set(group: CacheGroup, variant: string, value: unknown, epochAtLoad: number): void {
    if (epochAtLoad !== this.epochValue) return;
    this.generationValue += 1;
    const id = groupId(group);
    const variants = this.lru.get(id);
    if (variants) variants.set(variant, value);
    else this.lru.set(id, new Map([[variant, value]]));
  }

  /** Drops the groups, and every group of the workspace at or under the subtree roots. */
  invalidate(workspaceId: string, groups: readonly CacheGroup[], subtreeRoots: readonly string[]): void {
    this.epochValue += 1;
    this.generationValue += 1;
    let dropped = 0;
    for (const group of groups) if (this.lru.delete(groupId(group))) dropped += 1;
    if (subtreeRoots.length > 0) {
      for (const id of [...this.lru.keys()]) {
        const group = parseGroupId(id);
        if (group.workspaceId === workspaceId && subtreeRoots.some((root) => isAtOrUnder(group.path, root)) && this.lru.delete(id)) dropped += 1;
      }
    }
    this.metrics.invalidated('l1', dropped);
  }

  clear(): void {
    this.epochValue += 1;
    this.generationValue += 1;
    this.lru.clear();
  }
}
