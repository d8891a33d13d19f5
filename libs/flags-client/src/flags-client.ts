import type { FlagEvaluationContext } from '@forecastin/contracts';
import type { FlagEvaluation } from '@forecastin/flag-evaluator';
import type { Dependency } from '@forecastin/lifecycle';
import type { CoreSubscription, NatsDependency } from '@forecastin/messaging';
import type { Logger } from 'pino';
import { flagChangeEventSchema } from './flag-change.events';
import { resolveOptions, type FlagsClientOptions, type ResolvedFlagsClientOptions } from './flags-client.options';
import { SnapshotHolder, type SnapshotListener } from './snapshot-holder';
import { SnapshotRefresher } from './snapshot-refresher';

/** Status iterators of nats.js are QueuedIterators at run time; `stop()` ends the loop at close. */
type StoppableStatuses = AsyncIterable<{ type: string }> & { stop?: () => void };

/**
 * In-process flag evaluation for any service: the same engine as flag-service
 * (`@forecastin/flag-evaluator`), on a snapshot fetched with `rpc.flag.snapshot`, refreshed on every
 * `evt.global.flag.*` event, after NATS reconnects, and by a fallback poll. While NATS or
 * flag-service is down it keeps answering from the last snapshot. A lifecycle `Dependency`
 * (`required: false` by default): put it after the NATS dependency in the service's list.
 */
export class FlagsClient implements Dependency {
  readonly name = 'flags';
  readonly required: boolean;
  private readonly options: ResolvedFlagsClientOptions;
  private readonly nats: NatsDependency;
  private readonly logger: Logger;
  private readonly holder = new SnapshotHolder();
  private readonly refresher: SnapshotRefresher;
  private subscription: CoreSubscription | undefined;
  private statuses: StoppableStatuses | undefined;
  private closed = false;

  constructor(options: FlagsClientOptions) {
    this.options = resolveOptions(options);
    this.required = this.options.required;
    this.nats = options.nats;
    this.logger = options.nats.logger.child({ component: 'flags-client' });
    this.refresher = new SnapshotRefresher(this.nats, this.holder, this.options, this.logger);
  }

  /** Whether a snapshot has been loaded (before that every evaluation answers PROVIDER_NOT_READY). */
  get isReady(): boolean {
    return this.holder.current !== undefined;
  }

  /** flag-service's revision of the snapshot held, undefined before the first. */
  get revision(): number | undefined {
    return this.holder.current?.revision;
  }

  /**
   * Subscribes to flag events, starts the poll and loads the first snapshot. Rejects when the first
   * load fails (NATS down, no flag-service answering); the subscription and retries stay in place,
   * so the snapshot arrives by itself, and the lifecycle's own retries are harmless.
   */
  async connect(): Promise<void> {
    if (this.closed) throw new Error('flags client is closed');
    this.subscribe();
    this.watchReconnects();
    this.refresher.startPolling();
    if (!this.isReady) await this.refresher.refresh();
  }

  /** Fails while no snapshot is held or the held one was not confirmed within maxStalenessMs. */
  async check(): Promise<void> {
    const syncedAt = this.refresher.lastSyncedAt;
    if (!this.isReady || syncedAt === undefined) throw new Error('no flag snapshot loaded yet');
    const age = Date.now() - syncedAt;
    if (age > this.options.maxStalenessMs) throw new Error(`flag snapshot not confirmed for ${age} ms (bound ${this.options.maxStalenessMs} ms)`);
  }

  details(): Record<string, string> {
    const syncedAt = this.refresher.lastSyncedAt;
    return {
      revision: this.revision === undefined ? 'none' : String(this.revision),
      synced_at: syncedAt === undefined ? 'never' : new Date(syncedAt).toISOString(),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.statuses?.stop?.();
    this.statuses = undefined;
    await this.refresher.stop();
  }

  /** Fetches the snapshot now (coalesced with any fetch in flight). */
  refresh(): Promise<void> {
    return this.refresher.refresh();
  }

  /** Called with every newly installed snapshot. Returns the unsubscribe function. */
  onChange(listener: SnapshotListener): () => void {
    return this.holder.onChange(listener);
  }

  evaluate(key: string, context: FlagEvaluationContext): FlagEvaluation {
    const snapshot = this.holder.current;
    if (!snapshot) return { key, enabled: false, value: false, reason: 'ERROR', errorCode: 'PROVIDER_NOT_READY' };
    return snapshot.evaluator.evaluate(key, context);
  }

  evaluateAll(context: FlagEvaluationContext): FlagEvaluation[] {
    return this.holder.current?.evaluator.evaluateAll(context) ?? [];
  }

  /** `fallback` when the flag is unknown or no snapshot was loaded yet, else whether it is on. */
  isEnabled(key: string, context: FlagEvaluationContext, fallback = false): boolean {
    const result = this.evaluate(key, context);
    return result.errorCode === 'FLAG_NOT_FOUND' || result.errorCode === 'PROVIDER_NOT_READY' ? fallback : result.enabled;
  }

  private subscribe(): void {
    if (this.subscription) return;
    // Flags are platform-wide: `evt.*.flag.*` only ever carries `evt.global.flag.<action>`.
    this.subscription = this.nats.subscribeCore(this.nats.subjects.aggregateEvents('flag'), flagChangeEventSchema, (event) => {
      this.refresher.announce(event.revision);
    });
  }

  /** Events published while NATS was unreachable never reach a core subscription: refetch on reconnect. */
  private watchReconnects(): void {
    if (this.statuses) return;
    const statuses: StoppableStatuses = this.nats.connection.status();
    this.statuses = statuses;
    void (async () => {
      try {
        for await (const status of statuses) {
          if (status.type === 'reconnect') this.refresher.announce(undefined);
        }
      } catch (error: unknown) {
        this.logger.warn({ err: error }, 'nats status watcher stopped');
      }
    })();
  }
}
