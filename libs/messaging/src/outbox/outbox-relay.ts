import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { JetStreamClient, PubAck } from 'nats';
import { backoffDelay, sleep, type Dependency } from '@forecastin/lifecycle';
import { SpanKind, withSpan } from '@forecastin/observability';
import type { NatsDependency } from '../connection/nats.dependency';
import { NatsNotConnectedError } from '../errors/messaging.errors';
import { headersFromFields } from '../tracing/message-headers';
import { outboxNames, type OutboxNames } from './outbox-names';
import { registerRelayMetrics, type RelayMetrics } from './outbox-relay.metrics';
import { RelaySession, type OutboxRow } from './relay-session';
import { waveEnd } from './relay-waves';
import { WorkSignal } from './work-signal';

export interface OutboxRelayOptions {
  /** The service's DATABASE_URL. The relay opens ONE connection of its own (leadership lives on it). */
  readonly url: string;
  /** The service schema whose `outbox` table is relayed (see `createOutboxTable`). */
  readonly schema: string;
  /** Publishes through this connection, with its subject prefix and events stream. */
  readonly nats: NatsDependency;
  readonly logger: Logger;
  /** Readiness/metrics name. Default `outbox-relay`. */
  readonly name?: string;
  /** Rows read per query. Default 500. */
  readonly batchSize?: number;
  /** Publishes awaiting their ack at once (pipelining). Default 256. */
  readonly maxInFlight?: number;
  /** Fallback poll when no NOTIFY arrives (a lost notification, a row inserted by hand). Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** How often a standby tries to take the lock (jittered up to +50 %). Default 500 ms. */
  readonly lockPollMs?: number;
  /** Backoff after a failure (NATS or Postgres), doubling with full jitter. Defaults 100 ms .. 5000 ms. */
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
  readonly connectTimeoutMs?: number;
  /** Bound on each relay query (server statement_timeout, client query_timeout + 1 s). Default 5000 ms. */
  readonly queryTimeoutMs?: number;
  /**
   * A leader that has not published anything for this long, although it keeps trying, gives up the
   * lock (and stays out for 3 × lockPollMs) so a standby with a working NATS connection can take
   * over. Default 15000 ms.
   */
  readonly abdicateAfterMs?: number;
}

export type RelayRole = 'idle' | 'connecting' | 'standby' | 'leader' | 'stopped';

/** A publish (or a whole wave) that did not get its ack: the leader keeps its lock and retries after a backoff. */
class PublishFailedError extends Error {
  constructor(cause: unknown) {
    super(`outbox publish failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PublishFailedError';
  }
}

/** Leaves the loop of a leader that cannot publish; its session is closed, which frees the lock. */
class AbdicationError extends Error {
  constructor(failingForMs: number, cause: unknown) {
    super(`outbox relay could not publish for ${failingForMs} ms, giving up leadership`, { cause });
    this.name = 'AbdicationError';
  }
}

const STATS_REFRESH_MS = 1000;
const SESSION_HEALTHY_MS = 5000;
const NOT_CONNECTED_RETRY_MS = 200;

/**
 * Drains a service's transactional outbox to JetStream. Every instance of the service runs one;
 * exactly one of them (the holder of a session-level advisory lock on its own connection) relays,
 * the others stand by and take over within about `lockPollMs` when the leader's session ends.
 *
 * A lifecycle `Dependency` with `required: false`: `connect()` starts the background loop (which
 * retries by itself forever), readiness shows its role and lag without making a standby (or a
 * relay waiting for NATS) unready, and `close()` stops it at shutdown, releasing the lock.
 */
export class OutboxRelay implements Dependency {
  readonly name: string;
  readonly required = false;
  readonly schema: string;
  private readonly names: OutboxNames;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private currentRole: RelayRole = 'idle';
  private lastError: string | undefined;
  private stats = { pending: 0, oldestAgeMs: 0, refreshedAt: 0 };
  private published = 0;
  private duplicates = 0;
  private metrics: RelayMetrics | undefined;
  private readonly work = new WorkSignal();
  /** After an abdication: no lock attempts before this time, so a standby gets the lock. */
  private holdOffUntil = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.names = outboxNames(options.schema);
    this.schema = options.schema;
    this.name = options.name ?? 'outbox-relay';
  }

  get role(): RelayRole {
    return this.currentRole;
  }

  get isLeader(): boolean {
    return this.currentRole === 'leader';
  }

  /** Rows this instance published (acknowledged by JetStream) since it started. */
  get publishedCount(): number {
    return this.published;
  }

  /** Republished rows JetStream already had (after a failover or a lost ack): stored once, counted here. */
  get duplicateCount(): number {
    return this.duplicates;
  }

  get pendingRows(): number {
    return this.stats.pending;
  }

  get oldestPendingAgeMs(): number {
    return this.stats.oldestAgeMs;
  }

  /** Adds the relay's metrics to a service registry: `app.get(SERVICE_METRICS).registry`. Once. */
  registerMetrics(registry: Registry): void {
    if (this.metrics) return;
    this.metrics = registerRelayMetrics(registry, this);
  }

  /** Starts the loop and resolves at once: the relay connects, campaigns and retries on its own. */
  async connect(): Promise<void> {
    this.start();
    return Promise.resolve();
  }

  start(): void {
    if (this.loop || this.abort.signal.aborted) return;
    this.currentRole = 'connecting';
    this.loop = this.run();
  }

  /** Fine as a standby; reported (never required) as down while it cannot reach Postgres or publish. */
  async check(): Promise<void> {
    if (this.currentRole === 'connecting' || (this.currentRole === 'leader' && this.lastError !== undefined)) {
      throw new Error(this.lastError ?? 'outbox relay is connecting');
    }
    return Promise.resolve();
  }

  details(): Record<string, string> {
    return {
      role: this.currentRole,
      pending_rows: String(this.stats.pending),
      oldest_pending_ms: String(this.stats.oldestAgeMs),
    };
  }

  /** Stops relaying: the wave in flight gets its acks (bounded by the NATS request timeout), the lock is released. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.loop;
    this.currentRole = 'stopped';
  }

  stop(): Promise<void> {
    return this.close();
  }

  private get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    for (let attempt = 0; !this.stopping; attempt++) {
      let session: RelaySession | undefined;
      const opened = Date.now();
      try {
        session = await RelaySession.open(
          {
            url: this.options.url,
            names: this.names,
            connectTimeoutMs: this.options.connectTimeoutMs ?? 3000,
            queryTimeoutMs: this.options.queryTimeoutMs ?? 5000,
          },
          () => this.work.notify(),
        );
        await this.campaign(session);
      } catch (error: unknown) {
        this.lastError = errorMessage(error);
        if (error instanceof AbdicationError) this.options.logger.warn({ schema: this.schema, err: error.cause }, error.message);
        else this.options.logger.warn({ schema: this.schema, err: error, role: this.currentRole }, 'outbox relay lost its database session, reconnecting');
      } finally {
        const wasLeader = this.currentRole === 'leader';
        this.currentRole = this.stopping ? 'stopped' : 'connecting';
        await session?.close();
        if (wasLeader) this.options.logger.info({ schema: this.schema }, 'outbox relay released leadership');
      }
      // A session that worked for a while starts the backoff over; one that fails at once (a missing
      // table, a refused login) keeps backing off instead of hammering the server.
      if (Date.now() - opened > SESSION_HEALTHY_MS) attempt = 0;
      if (!this.stopping) await sleep(this.retryDelay(attempt), this.abort.signal);
    }
  }

  /** Stand by until the lock is ours, then lead until stopped (or the session fails: throws). */
  private async campaign(session: RelaySession): Promise<void> {
    const lockPollMs = this.options.lockPollMs ?? 500;
    while (!this.stopping && (Date.now() < this.holdOffUntil || !(await session.tryLock()))) {
      if (this.currentRole !== 'standby') this.options.logger.info({ schema: this.schema }, 'outbox relay standing by');
      this.currentRole = 'standby';
      this.lastError = undefined;
      await this.refreshStats(session);
      await sleep(lockPollMs + Math.floor(Math.random() * lockPollMs * 0.5), this.abort.signal);
    }
    if (this.stopping) return;
    await session.listen();
    this.currentRole = 'leader';
    this.lastError = undefined;
    this.options.logger.info({ schema: this.schema }, 'outbox relay is the leader');
    await this.lead(session);
  }

  private async lead(session: RelaySession): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    const abdicateAfterMs = this.options.abdicateAfterMs ?? 15_000;
    let failures = 0;
    let failingSince = 0;
    while (!this.stopping) {
      session.assertHealthy();
      // Cleared before reading: a NOTIFY that arrives from here on means rows this batch may not see.
      this.work.clear();
      let fetched: number;
      try {
        fetched = await this.relayBatch(session, batchSize);
      } catch (error: unknown) {
        if (!(error instanceof PublishFailedError)) throw error;
        this.lastError = error.message;
        if (failures === 0) failingSince = Date.now();
        if (Date.now() - failingSince >= abdicateAfterMs) {
          this.holdOffUntil = Date.now() + 3 * (this.options.lockPollMs ?? 500);
          throw new AbdicationError(Date.now() - failingSince, error.cause);
        }
        // One line when a streak starts (and every 50th), not one per retry through a long outage.
        if (failures % 50 === 0) {
          this.options.logger.warn({ schema: this.schema, err: error.cause, failures: failures + 1 }, 'outbox publish failed, retrying');
        }
        // While NATS is known to be down nothing is sent, so checking again soon costs nothing and
        // publishing resumes right after the reconnect instead of after a grown backoff.
        const delay = error.cause instanceof NatsNotConnectedError ? Math.min(NOT_CONNECTED_RETRY_MS, this.retryDelay(failures)) : this.retryDelay(failures);
        failures++;
        await sleep(delay, this.abort.signal);
        continue;
      }
      if (failures > 0) this.options.logger.info({ schema: this.schema, failures }, 'outbox publishing resumed');
      failures = 0;
      this.lastError = undefined;
      await this.refreshStats(session);
      if (fetched < batchSize) await this.work.wait(this.options.pollIntervalMs ?? 1000, this.abort.signal);
    }
  }

  /**
   * Publishes one batch in waves. A wave's rows are deleted once it is acknowledged, while the next
   * wave is already being published (one Postgres round trip less per wave); that delete must
   * succeed before the wave after is sent, so a leader whose session died stops within one wave.
   * Returns the rows read.
   */
  private async relayBatch(session: RelaySession, batchSize: number): Promise<number> {
    const rows = await session.fetch(batchSize);
    if (rows.length === 0) return 0;
    const attributes = { 'messaging.system': 'nats', 'messaging.batch.message_count': rows.length, 'db.namespace': this.schema };
    await withSpan('outbox relay batch', { kind: SpanKind.PRODUCER, attributes }, async () => {
      const maxInFlight = this.options.maxInFlight ?? 256;
      // Settled into "error or nothing" at once: a rejection must not sit unhandled while the next wave publishes.
      let deleting: Promise<unknown> = Promise.resolve(undefined);
      const settleDelete = async (): Promise<void> => {
        const failure = await deleting;
        deleting = Promise.resolve(undefined);
        if (failure !== undefined) throw failure;
      };
      try {
        for (let start = 0; start < rows.length && !this.stopping; ) {
          const end = waveEnd(rows, start, maxInFlight);
          const { acknowledged, failure } = await this.publishWave(rows.slice(start, end));
          await settleDelete();
          // Delete what JetStream has before reporting a failure, so a retry republishes only the rest.
          deleting = this.deletePublished(session, acknowledged).then(
            () => undefined,
            (error: unknown) => error ?? new Error('outbox delete failed'),
          );
          if (failure !== undefined) throw new PublishFailedError(failure);
          start = end;
        }
      } finally {
        // Always settle the last delete; its failure (a lost session) outranks a publish failure.
        await settleDelete();
      }
    });
    return rows.length;
  }

  /** Publishes a wave concurrently; never throws: says which rows were acknowledged and the first failure. */
  private async publishWave(wave: readonly OutboxRow[]): Promise<{ acknowledged: string[]; failure?: unknown }> {
    const nats = this.options.nats;
    // Publishing while disconnected would only fill the client's reconnect buffer with stale copies.
    if (!nats.isConnected) return { acknowledged: [], failure: new NatsNotConnectedError('nats is disconnected') };
    let js: JetStreamClient;
    try {
      js = nats.jetstream();
    } catch (error: unknown) {
      return { acknowledged: [], failure: error };
    }
    const results = await Promise.allSettled(wave.map((row) => this.publishRow(js, row)));
    const acknowledged = wave.filter((_, index) => results[index]?.status === 'fulfilled').map((row) => row.id);
    const duplicates = results.filter((result) => result.status === 'fulfilled' && result.value.duplicate).length;
    if (duplicates > 0) {
      this.duplicates += duplicates;
      this.metrics?.duplicates(duplicates);
    }
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    return failed ? { acknowledged, failure: failed.reason } : { acknowledged };
  }

  private async deletePublished(session: RelaySession, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await session.delete(ids);
    this.published += ids.length;
    this.metrics?.published(ids.length);
  }

  private publishRow(js: JetStreamClient, row: OutboxRow): Promise<PubAck> {
    const nats = this.options.nats;
    return js.publish(nats.subjects.raw(row.subject), row.payload, {
      msgID: row.eventId,
      headers: headersFromFields(row.headers),
      expect: { streamName: nats.eventsStream },
      timeout: nats.requestTimeoutMs,
    });
  }

  private async refreshStats(session: RelaySession): Promise<void> {
    if (Date.now() - this.stats.refreshedAt < STATS_REFRESH_MS) return;
    const stats = await session.pendingStats();
    this.stats = { pending: stats.pending, oldestAgeMs: stats.oldestAgeMs, refreshedAt: Date.now() };
  }

  private retryDelay(attempt: number): number {
    return backoffDelay(attempt, this.options.retryInitialMs ?? 100, this.options.retryMaxMs ?? 5000);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
