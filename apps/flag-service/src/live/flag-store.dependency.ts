import type { Dependency } from '@forecastin/lifecycle';
import { featureFlagDeletedEventSchema, featureFlagUpdateEventSchema } from '@forecastin/contracts';
import { subscribeCore, type CoreSubscription, type NatsDependency } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';
import type { PostgresDependency } from '@forecastin/persistence';
import { z } from 'zod';
import { flagRepository } from '../storage/flag.repository';
import { loadFlagSnapshot } from './flag-snapshot.loader';
import { FlagStore } from './flag-store';

const flagEventSchema = z.discriminatedUnion('type', [featureFlagUpdateEventSchema, featureFlagDeletedEventSchema]);

export interface FlagStoreDependencyOptions {
  readonly postgres: PostgresDependency;
  readonly nats: NatsDependency;
  readonly logger: Logger;
  /** Fallback when change events are missed (NATS cut): compare the stored revision this often. */
  readonly pollIntervalMs: number;
}

/**
 * The in-memory flag snapshot as a lifecycle dependency: the service is not ready before every
 * flag is in memory. It listens to `evt.global.flag.*` on core NATS (every instance receives
 * every event; JetStream publishes reach core subscribers too) and reloads when an event names a
 * newer revision; a poll of the one-row revision table catches what a NATS outage hid.
 */
export class FlagStoreDependency implements Dependency {
  readonly name = 'flag-snapshot';
  readonly store: FlagStore;
  private subscription: CoreSubscription | undefined;
  private poller: NodeJS.Timeout | undefined;

  constructor(private readonly options: FlagStoreDependencyOptions) {
    this.store = new FlagStore(() => loadFlagSnapshot(options.postgres.dataSource), options.logger);
  }

  async connect(): Promise<void> {
    const { nats, postgres, logger } = this.options;
    if (!nats.isConnected) throw new Error('waiting for NATS');
    // Subscribe before loading: an event committed during the load then triggers a reload instead of being lost.
    this.subscription ??= subscribeCore(nats, nats.subjects.aggregateEvents('flag'), flagEventSchema, async (event) => {
      await this.store.refreshTo(event.revision);
    });
    await this.store.refreshTo();
    this.poller ??= setInterval(() => {
      flagRepository
        .currentRevision(postgres.dataSource)
        .then((revision) => this.store.refreshTo(revision))
        .catch((error: unknown) => logger.warn({ err: error }, 'flag revision poll failed'));
    }, this.options.pollIntervalMs);
    this.poller.unref();
  }

  check(): Promise<void> {
    return this.store.isLoaded ? Promise.resolve() : Promise.reject(new Error('flags not loaded yet'));
  }

  details(): Record<string, string> {
    return { revision: String(this.store.current.revision), flags: String(this.store.current.flags.length) };
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    this.poller = undefined;
    try {
      this.subscription?.unsubscribe();
    } catch {
      // the connection may already be drained; nothing is left to stop
    }
    this.subscription = undefined;
  }
}
