import type { DataSource } from 'typeorm';
import type { Logger } from '@forecastin/observability';

export interface AppliedEventsPrunerOptions {
  /** Rows applied longer ago than this are deleted (`APPLIED_EVENTS_RETENTION_HOURS`). */
  readonly retentionHours: number;
  /** Pause between runs. */
  readonly intervalMs: number;
  /** Rows per DELETE, so one run never holds many row locks or one long transaction. */
  readonly batchSize: number;
}

/** Only one instance prunes at a time; the others find the lock taken and skip the run. */
const PRUNE_LOCK = 'hierarchy.applied_events.prune';

/**
 * Keeps `hierarchy.applied_events` bounded. Each applied event leaves a row (what a consistency
 * token waits for, and duplicate detection of re-published events); without pruning the table
 * grows with every write the platform ever made. A row is needed only while its event can still
 * arrive again or its token still be asked for: the stream keeps events for
 * `EVENTS_MAX_AGE_HOURS` (72 by default) and tokens are read-your-writes of a moment ago, so rows
 * older than the retention (a week by default) are deleted in batches, oldest first by index.
 * A token whose row is gone is unknown again: its read waits the bounded time and answers 504.
 */
export class AppliedEventsPruner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly options: AppliedEventsPrunerOptions,
  ) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One run: deletes expired rows batch by batch; answers how many, 0 when another instance is pruning. */
  async pruneOnce(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const rows: Array<{ locked: boolean; deleted: number }> = await this.dataSource.query(
        `WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked),
              expired AS (
                SELECT ctid FROM hierarchy.applied_events
                 WHERE applied_at < now() - make_interval(hours => $2) AND (SELECT locked FROM lock)
                 LIMIT $3),
              gone AS (DELETE FROM hierarchy.applied_events WHERE ctid = ANY(ARRAY(SELECT ctid FROM expired)) RETURNING 1)
         SELECT (SELECT locked FROM lock) AS locked, (SELECT count(*)::int FROM gone) AS deleted`,
        [PRUNE_LOCK, this.options.retentionHours, this.options.batchSize],
      );
      const batch = rows[0];
      if (!batch?.locked) return deleted;
      deleted += batch.deleted;
      if (batch.deleted < this.options.batchSize || this.stopped) return deleted;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pruneOnce()
        .then((deleted) => {
          if (deleted > 0) this.logger.info({ deleted, retentionHours: this.options.retentionHours }, 'pruned applied events');
        })
        .catch((error: unknown) => this.logger.warn({ err: error }, 'pruning applied events failed; next run retries'))
        .finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
    // A pending prune must not keep the process alive at shutdown.
    this.timer.unref();
  }
}
