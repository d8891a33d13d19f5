import { flagSnapshotRequestSchema, flagSnapshotResponseSchema } from '@forecastin/contracts';
import { rpcRequest, type NatsDependency } from '@forecastin/messaging';
import type { Logger } from 'pino';
import { INITIAL_RETRY_DELAY_MS, type ResolvedFlagsClientOptions } from './flags-client.options';
import type { SnapshotHolder } from './snapshot-holder';

const MAX_CHASE_ATTEMPTS = 8;

/**
 * Fetches `rpc.flag.snapshot` into the holder. Fetches are coalesced (one in flight, at most one
 * queued behind it, however many events arrive), conditional (`if_none_match` with the held etag),
 * and retried with capped backoff while they fail or while the answer is older than a revision an
 * event announced (another flag-service instance may not have reloaded yet). A timer re-checks every
 * poll interval regardless, which bounds the staleness a lost event can cause.
 */
export class SnapshotRefresher {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private wantedRevision = 0;
  private failures = 0;
  private behind = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastSyncAt: number | undefined;

  constructor(
    private readonly nats: NatsDependency,
    private readonly holder: SnapshotHolder,
    private readonly options: ResolvedFlagsClientOptions,
    private readonly logger: Logger,
  ) {}

  /** When the held snapshot was last confirmed current by flag-service (epoch ms). */
  get lastSyncedAt(): number | undefined {
    return this.lastSyncAt;
  }

  /** Fetches now (coalesced). Rejects when this fetch failed; a retry is already scheduled then. */
  refresh(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  /** A change event announced `revision` (undefined: unknown, always fetch). */
  announce(revision: number | undefined): void {
    const held = this.holder.current?.revision ?? -1;
    if (revision !== undefined && revision <= held) return;
    if (revision !== undefined) this.wantedRevision = Math.max(this.wantedRevision, revision);
    this.refresh().catch(() => undefined);
  }

  startPolling(): void {
    if (this.pollTimer || this.stopped) return;
    const next = (): void => {
      const jitter = 0.8 + Math.random() * 0.4;
      this.pollTimer = setTimeout(() => {
        this.refresh().catch(() => undefined);
        next();
      }, this.options.pollIntervalMs * jitter);
      this.pollTimer.unref();
    };
    next();
  }

  /** Waits for a fetch in flight; no timer fires afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearTimeout(this.retryTimer);
    await Promise.allSettled([this.running, this.queued]);
  }

  private start(): Promise<void> {
    const run = this.fetchOnce().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async fetchOnce(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    try {
      const response = await rpcRequest(
        this.nats,
        this.nats.subjects.rpc('flag', 'snapshot'),
        { if_none_match: this.holder.current?.etag },
        { requestSchema: flagSnapshotRequestSchema, responseSchema: flagSnapshotResponseSchema, timeoutMs: this.options.requestTimeoutMs },
      );
      if (response.modified && this.holder.offer(response)) {
        this.logger.info({ revision: response.revision, flags: response.flags.length }, 'flag snapshot loaded');
      }
      if (this.failures > 0) this.logger.info({ failures: this.failures }, 'flag snapshot reachable again');
      this.failures = 0;
      this.lastSyncAt = Date.now();
      this.chaseWantedRevision();
    } catch (error: unknown) {
      this.failures += 1;
      // One warning per outage, not one per retry.
      if (this.failures === 1) this.logger.warn({ err: error }, 'flag snapshot fetch failed; serving the last snapshot and retrying');
      this.scheduleRetry();
      throw error;
    }
  }

  /**
   * Whoever answered has not reloaded the announced revision yet: ask again shortly, a bounded
   * number of times (an announced revision that never arrives is left to the poll).
   */
  private chaseWantedRevision(): void {
    const held = this.holder.current?.revision ?? -1;
    if (held >= this.wantedRevision) {
      this.behind = 0;
      return;
    }
    this.behind += 1;
    if (this.behind > MAX_CHASE_ATTEMPTS) {
      this.logger.warn({ held, announced: this.wantedRevision }, 'flag-service never served the announced revision; leaving it to the poll');
      this.wantedRevision = held;
      this.behind = 0;
      return;
    }
    this.scheduleRetry(this.behind);
  }

  private scheduleRetry(attempt = Math.max(this.failures, 1)): void {
    if (this.stopped || this.retryTimer) return;
    const delay = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** (attempt - 1), this.options.maxRetryDelayMs) * (0.75 + Math.random() * 0.5);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.refresh().catch(() => undefined);
    }, delay);
    this.retryTimer.unref();
  }
}
