import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG, SERVICE_LOGGER, sleep } from '@forecastin/lifecycle';
import { NatsDependency, type CoreSubscription } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';
import { PostgresDependency } from '@forecastin/persistence';
import { listenForInvalidations } from './cache/cache-invalidation.listener';
import { InvalidationPublisher } from './cache/invalidation-publisher';
import { MemoryTier } from './cache/memory-tier';
import { RedisTier } from './cache/redis-tier';
import type { HierarchyConfig } from './hierarchy-config';
import { ConsistencyWaiter } from './http/consistency-waiter';
import { AppliedEventsPruner } from './projection/applied-events-pruner';
import { ReadModelProjector } from './projection/read-model-projector';

/** Pause between two prunings of `applied_events` (the first runs at start). */
const PRUNE_INTERVAL_MS = 10 * 60_000;

/**
 * Starts what needs live connections once the lifecycle has connected them (the app module is
 * created before that): the invalidation listener on every instance, the read-model projector
 * (leader or standby) and the pruning of old applied events. Stops them at shutdown.
 */
@Injectable()
export class HierarchySyncService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly abort = new AbortController();
  private subscription: CoreSubscription | undefined;
  private projector: ReadModelProjector | undefined;
  private pruner: AppliedEventsPruner | undefined;

  constructor(
    private readonly nats: NatsDependency,
    private readonly postgres: PostgresDependency,
    private readonly memory: MemoryTier,
    private readonly redisTier: RedisTier,
    private readonly waiter: ConsistencyWaiter,
    private readonly publisher: InvalidationPublisher,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: HierarchyConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.startWhenConnected();
  }

  async onApplicationShutdown(): Promise<void> {
    this.abort.abort();
    this.subscription?.unsubscribe();
    this.redisTier.stop();
    await Promise.all([this.projector?.stop(), this.pruner?.stop()]);
    await this.publisher.flush();
  }

  /** Events behind the stream head (0 until the projector runs). */
  lag(): Promise<number> {
    return this.projector?.lag() ?? Promise.resolve(0);
  }

  get projectorRole(): string {
    return this.projector?.role ?? 'starting';
  }

  private async startWhenConnected(): Promise<void> {
    while (!this.abort.signal.aborted && !(this.nats.isConnected && this.postgresConnected())) {
      await sleep(100, this.abort.signal);
    }
    if (this.abort.signal.aborted) return;
    this.subscription = listenForInvalidations(this.nats, this.memory, this.waiter);
    this.projector = new ReadModelProjector(this.nats, this.postgres.dataSource, this.publisher, this.logger.child({ component: 'projection' }), {
      batchSize: this.config.PROJECTION_BATCH_SIZE,
      heartbeatMs: 1000,
    });
    this.projector.start();
    this.pruner = new AppliedEventsPruner(this.postgres.dataSource, this.logger.child({ component: 'applied-events-pruner' }), {
      retentionHours: this.config.APPLIED_EVENTS_RETENTION_HOURS,
      intervalMs: PRUNE_INTERVAL_MS,
      batchSize: 10_000,
    });
    this.pruner.start();
  }

  private postgresConnected(): boolean {
    try {
      return this.postgres.dataSource.isInitialized;
    } catch {
      return false;
    }
  }
}
