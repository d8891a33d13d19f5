import { randomUUID } from 'node:crypto';
import type { Logger } from '@forecastin/observability';
import type { RedisDependency } from '@forecastin/cache';
import type { CacheMetrics } from './cache-metrics';
import { CACHE_KINDS, type CacheGroup } from './cache-keys';

/**
 * Fills only when the group's tombstone is what the reader saw before it read the database: an
 * invalidation in between (new tombstone) means the value may be stale, so it is dropped.
 * A new hash gets the time to live; variants added later share it.
 */
const FILL_SCRIPT = `
local seen = redis.call('GET', KEYS[2])
if (seen or '') ~= ARGV[1] then return 0 end
local fresh = redis.call('EXISTS', KEYS[1]) == 0
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
if fresh then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return 1`;

/** KEYS: data key, tombstone key, pairwise. Deletes each group's hash and lays the new tombstone. */
const DROP_SCRIPT = `
for i = 1, #KEYS, 2 do
  redis.call('DEL', KEYS[i])
  redis.call('SET', KEYS[i + 1], ARGV[1], 'PX', ARGV[2])
end
return #KEYS / 2`;

/** Groups per drop script: bounds how long one script holds Redis (about a millisecond). */
const DROP_CHUNK = 1000;

/** Keys a SCAN call looks at: a few milliseconds of Redis per call. */
const SCAN_COUNT = 5000;

/** Longer than any database read (statement timeout 5 s by default), so a fill can always see a tombstone laid after its read began. */
const TOMBSTONE_TTL_MS = 30_000;

export interface RedisLookup {
  readonly value: string | undefined;
  /** The group's tombstone when looked up ('' when none): pass it to `fill`. */
  readonly stamp: string;
}

/**
 * L2: Redis, one hash per cache group (fields = variants), time to live with jitter. Invalidation
 * deletes the hash and lays a tombstone, so a reader that looked before the change cannot write
 * its old value back. Any Redis failure is a miss (reads go on from L3); invalidations that could
 * not reach Redis are kept and retried until they do.
 */
export class RedisTier {
  private readonly pending = new Map<string, { workspaceId: string; groups: CacheGroup[]; subtreeRoots: string[] }>();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: RedisDependency,
    private readonly options: { ttlMs: number; jitterPercent: number },
    private readonly metrics: CacheMetrics,
    private readonly logger: Logger,
  ) {}

  private dataKey(group: CacheGroup): string {
    return this.redis.key('hierarchy', group.workspaceId, group.kind, group.path);
  }

  private tombKey(group: CacheGroup): string {
    return this.redis.key('hierarchy', 'tomb', group.workspaceId, group.kind, group.path);
  }

  async get(group: CacheGroup, variant: string): Promise<RedisLookup> {
    try {
      const client = this.redis.client;
      const [value, stamp] = await Promise.all([client.hGet(this.dataKey(group), variant), client.get(this.tombKey(group))]);
      if (value === null || value === undefined) this.metrics.miss('l2');
      else this.metrics.hit('l2');
      return { value: value ?? undefined, stamp: stamp ?? '' };
    } catch {
      this.metrics.miss('l2');
      return { value: undefined, stamp: UNAVAILABLE };
    }
  }

  /** The group's tombstone alone, for a fresh read that skips the cached value but may still fill. */
  async stamp(group: CacheGroup): Promise<string> {
    try {
      return (await this.redis.client.get(this.tombKey(group))) ?? '';
    } catch {
      return UNAVAILABLE;
    }
  }

  /** Stores `json` unless the group was invalidated since `stamp` was read. Never throws. */
  async fill(group: CacheGroup, variant: string, json: string, stamp: string): Promise<void> {
    if (stamp === UNAVAILABLE) return;
    const jitter = Math.floor(this.options.ttlMs * (this.options.jitterPercent / 100) * Math.random());
    try {
      await this.redis.client.eval(FILL_SCRIPT, {
        keys: [this.dataKey(group), this.tombKey(group)],
        arguments: [stamp, variant, json, String(this.options.ttlMs + jitter)],
      });
    } catch (error: unknown) {
      this.logger.debug({ err: error }, 'L2 fill failed');
    }
  }

  /** Deletes the groups (and everything at or under the subtree roots) and lays their tombstones. */
  async invalidate(workspaceId: string, groups: readonly CacheGroup[], subtreeRoots: readonly string[]): Promise<void> {
    try {
      await this.drop(workspaceId, groups, subtreeRoots);
    } catch (error: unknown) {
      this.logger.warn({ err: error, groups: groups.length }, 'could not invalidate L2, will retry when Redis is back');
      this.remember(workspaceId, groups, subtreeRoots);
    }
  }

  private async drop(workspaceId: string, groups: readonly CacheGroup[], subtreeRoots: readonly string[]): Promise<void> {
    const client = this.redis.client;
    const all = [...groups];
    // `<prefix>hierarchy:<ws>:`: a data key goes on with `<kind>:<path>`, and a path has no ':'.
    const workspacePrefix = this.redis.key('hierarchy', workspaceId, '');
    for (const root of subtreeRoots) {
      for (const kind of CACHE_KINDS) all.push({ workspaceId, kind, path: root });
      // SCAN walks the whole keyspace whatever the pattern: one walk for the three kinds (the star
      // can only be the kind), in few calls. It was a walk per kind with COUNT 1000: 48 calls for
      // 15,000 keys in the hierarchy bench, 160-380 ms at load ~10 against 17-90 ms this way.
      for await (const keys of client.scanIterator({ MATCH: `${escapeGlob(workspacePrefix)}*:${escapeGlob(root)}.*`, COUNT: SCAN_COUNT })) {
        for (const key of keys) {
          const rest = key.slice(workspacePrefix.length);
          const cut = rest.indexOf(':');
          const kind = CACHE_KINDS.find((known) => known === rest.slice(0, cut));
          if (kind) all.push({ workspaceId, kind, path: rest.slice(cut + 1) });
        }
      }
    }
    const stamp = randomUUID();
    // One script per chunk instead of a DEL and a SET per group: a backlog batch stales a thousand
    // groups or more, and per-command round trips were most of the projection's time.
    const chunks: Array<Promise<unknown>> = [];
    for (let index = 0; index < all.length; index += DROP_CHUNK) {
      const keys = all.slice(index, index + DROP_CHUNK).flatMap((group) => [this.dataKey(group), this.tombKey(group)]);
      chunks.push(client.eval(DROP_SCRIPT, { keys, arguments: [stamp, String(TOMBSTONE_TTL_MS)] }));
    }
    await Promise.all(chunks);
    this.metrics.invalidated('l2', all.length);
  }

  private remember(workspaceId: string, groups: readonly CacheGroup[], subtreeRoots: readonly string[]): void {
    const key = randomUUID();
    this.pending.set(key, { workspaceId, groups: [...groups], subtreeRoots: [...subtreeRoots] });
    this.retryTimer ??= setInterval(() => void this.retryPending(), 1000);
    this.retryTimer.unref();
  }

  private async retryPending(): Promise<void> {
    for (const [key, entry] of this.pending) {
      try {
        await this.drop(entry.workspaceId, entry.groups, entry.subtreeRoots);
        this.pending.delete(key);
      } catch {
        return; // still down: try again on the next tick
      }
    }
    if (this.pending.size === 0 && this.retryTimer) {
      clearInterval(this.retryTimer);
      this.retryTimer = undefined;
    }
  }

  /** Invalidations waiting for Redis to come back (readiness detail). */
  get pendingInvalidations(): number {
    return this.pending.size;
  }

  stop(): void {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = undefined;
  }
}

/** A stamp no tombstone can have: Redis was unreachable, so nothing may be filled. */
const UNAVAILABLE = '\u0000unavailable';

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
