import { Counter } from 'prom-client';
import type { ServiceMetrics } from '@forecastin/observability';

export type CacheTier = 'l1' | 'l2' | 'l3';

/**
 * Hits, misses, evictions and invalidations per tier, on /metrics; hit rates of the caches (L1,
 * L2) in /stats. L3 counts loads (hit: found). L4 has no miss path: counts are the maintained
 * columns, never computed at read time, so it is not counted.
 */
export class CacheMetrics {
  private readonly requests: Counter<'tier' | 'result'>;
  private readonly evictions: Counter<'tier' | 'reason'>;
  private readonly invalidations: Counter<'tier'>;
  private readonly totals = new Map<string, number>();
  private readonly fastPath: Counter;

  constructor(metrics: ServiceMetrics) {
    this.requests = new Counter({
      name: 'hierarchy_cache_requests_total',
      help: 'Hierarchy cache lookups per tier and result (hit or miss)',
      labelNames: ['tier', 'result'],
      registers: [metrics.registry],
    });
    this.evictions = new Counter({
      name: 'hierarchy_cache_evictions_total',
      help: 'Entries dropped by a tier on its own (capacity or time to live)',
      labelNames: ['tier', 'reason'],
      registers: [metrics.registry],
    });
    this.fastPath = new Counter({
      name: 'hierarchy_http_fast_path_total',
      help: 'Node reads answered from L1 before Nest/Fastify (pre-serialised bytes)',
      registers: [metrics.registry],
    });
    this.invalidations = new Counter({
      name: 'hierarchy_cache_invalidations_total',
      help: 'Cache groups dropped because an applied change made them stale',
      labelNames: ['tier'],
      registers: [metrics.registry],
    });
  }

  hit(tier: CacheTier, count = 1): void {
    this.count(tier, 'hit', count);
  }

  miss(tier: CacheTier, count = 1): void {
    this.count(tier, 'miss', count);
  }

  servedBeforeNest(): void {
    this.fastPath.inc();
  }

  evicted(tier: CacheTier, reason: string): void {
    this.evictions.inc({ tier, reason });
  }

  invalidated(tier: CacheTier, count: number): void {
    if (count > 0) this.invalidations.inc({ tier }, count);
  }

  /** Hit rate in [0, 1] per cache tier that has seen lookups. */
  hitRates(): Record<string, number> {
    const rates: Record<string, number> = {};
    for (const tier of ['l1', 'l2'] as const) {
      const hits = this.totals.get(`${tier}:hit`) ?? 0;
      const total = hits + (this.totals.get(`${tier}:miss`) ?? 0);
      if (total > 0) rates[tier] = hits / total;
    }
    return rates;
  }

  private count(tier: CacheTier, result: 'hit' | 'miss', count: number): void {
    if (count <= 0) return;
    this.requests.inc({ tier, result }, count);
    const key = `${tier}:${result}`;
    this.totals.set(key, (this.totals.get(key) ?? 0) + count);
  }
}
