import type { Provider } from '@nestjs/common';
import { RedisDependency } from '@forecastin/cache';
import { SERVICE_CONFIG, SERVICE_LOGGER, SERVICE_METRICS } from '@forecastin/lifecycle';
import { NatsDependency } from '@forecastin/messaging';
import type { Logger, ServiceMetrics } from '@forecastin/observability';
import { PostgresDependency } from '@forecastin/persistence';
import { CacheMetrics } from './cache/cache-metrics';
import { InvalidationPublisher } from './cache/invalidation-publisher';
import { MemoryTier } from './cache/memory-tier';
import { RedisTier } from './cache/redis-tier';
import { TieredCache } from './cache/tiered-cache';
import type { HierarchyConfig } from './hierarchy-config';
import { HierarchySyncService } from './hierarchy-sync.service';
import { ConsistencyWaiter } from './http/consistency-waiter';
import { HierarchyReader } from './http/hierarchy-reader';
import { PageCursors } from './http/page-cursor';
import { PreparedReadsPostgres } from './read-model/prepared-reads.postgres';
import { ReadModelQueries } from './read-model/read-model.queries';

/** The cache tiers, the reader and the sync service, built from the chassis' config, metrics and dependencies. */
export const hierarchyProviders: Provider[] = [
  { provide: CacheMetrics, inject: [SERVICE_METRICS], useFactory: (metrics: ServiceMetrics) => new CacheMetrics(metrics) },
  {
    provide: MemoryTier,
    inject: [SERVICE_CONFIG, CacheMetrics],
    useFactory: (config: HierarchyConfig, metrics: CacheMetrics) =>
      new MemoryTier({ maxEntries: config.CACHE_L1_MAX_ENTRIES, ttlMs: config.CACHE_L1_TTL_MS }, metrics),
  },
  {
    provide: RedisTier,
    inject: [RedisDependency, SERVICE_CONFIG, CacheMetrics, SERVICE_LOGGER],
    useFactory: (redis: RedisDependency, config: HierarchyConfig, metrics: CacheMetrics, logger: Logger) =>
      new RedisTier(redis, { ttlMs: config.CACHE_L2_TTL_MS, jitterPercent: config.CACHE_L2_JITTER_PERCENT }, metrics, logger),
  },
  {
    provide: TieredCache,
    inject: [MemoryTier, RedisTier, CacheMetrics],
    useFactory: (memory: MemoryTier, redis: RedisTier, metrics: CacheMetrics) => new TieredCache(memory, redis, metrics),
  },
  { provide: PageCursors, inject: [SERVICE_CONFIG], useFactory: (config: HierarchyConfig) => new PageCursors(config.CURSOR_SIGNING_KEY) },
  {
    provide: ConsistencyWaiter,
    inject: [PostgresDependency, SERVICE_CONFIG],
    useFactory: (postgres: PostgresDependency, config: HierarchyConfig) =>
      new ConsistencyWaiter((ws, eventId) => new ReadModelQueries(postgres.dataSource).isApplied(ws, eventId), {
        maxWaitMs: config.CONSISTENCY_WAIT_MS,
        pollMs: 50,
      }),
  },
  {
    provide: InvalidationPublisher,
    inject: [NatsDependency, MemoryTier, RedisTier, SERVICE_LOGGER],
    useFactory: (nats: NatsDependency, memory: MemoryTier, redis: RedisTier, logger: Logger) => new InvalidationPublisher(nats, memory, redis, logger),
  },
  HierarchySyncService,
  {
    provide: HierarchyReader,
    inject: [PostgresDependency, PreparedReadsPostgres, TieredCache, PageCursors, CacheMetrics, HierarchySyncService],
    useFactory: (
      postgres: PostgresDependency,
      indexedReads: PreparedReadsPostgres,
      cache: TieredCache,
      cursors: PageCursors,
      metrics: CacheMetrics,
      sync: HierarchySyncService,
    ) => new HierarchyReader(postgres, indexedReads, cache, cursors, metrics, () => sync.lag()),
  },
];
