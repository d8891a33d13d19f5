import { LRUCache } from 'lru-cache';

/**
 * The same sliding-window log as the Redis script, in process memory, for when Redis is away.
 * Per instance (so N gateways admit up to N× the limit), bounded in subjects by an LRU.
 */
export class LocalSlidingWindow {
  private readonly windows: LRUCache<string, number[]>;

  constructor(maxSubjects: number) {
    this.windows = new LRUCache<string, number[]>({ max: maxSubjects });
  }

  /** `{allowed, remaining, resetMs}` for one request under `key`, counting it when allowed. */
  take(key: string, limit: number, windowMs: number, nowMs = Date.now()): { allowed: boolean; remaining: number; resetMs: number } {
    const stamps = (this.windows.get(key) ?? []).filter((stamp) => stamp > nowMs - windowMs);
    const allowed = stamps.length < limit;
    if (allowed) stamps.push(nowMs);
    this.windows.set(key, stamps);
    const oldest = stamps[0];
    return { allowed, remaining: limit - stamps.length, resetMs: oldest === undefined ? windowMs : oldest + windowMs - nowMs };
  }
}
