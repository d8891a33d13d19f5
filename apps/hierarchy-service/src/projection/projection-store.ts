import type { DataSource, EntityManager } from 'typeorm';
import type { AffectedPaths } from './affected-paths';
import { applyCreatedRun } from './apply-created-run';
import { applyEntityChange } from './apply-entity-change';
import type { ProjectedEntityEvent } from './entity-event.schema';

type CreatedEvent = Extract<ProjectedEntityEvent, { type: 'entity_created' }>;

export interface SequencedEvent {
  readonly event: ProjectedEntityEvent;
  readonly streamSequence: number;
}

/** One event's outcome: applied (with what it made stale), or skipped as already applied. */
export type ApplyOutcome =
  | { readonly status: 'applied'; readonly event: ProjectedEntityEvent; readonly affected: AffectedPaths }
  | { readonly status: 'skipped'; readonly event: ProjectedEntityEvent; readonly reason: 'sequence' | 'event_id' };

/**
 * Applies entity events to the read model idempotently. Each call is one transaction that also
 * records the applied event ids and the stream's last applied sequence, so a redelivered message
 * (sequence ≤ last) or a re-published event (same event id) changes nothing, and a crash between
 * commit and ack is harmless.
 */
export class ProjectionStore {
  constructor(
    private readonly dataSource: DataSource,
    /** The stream name the sequences belong to (the position is kept per stream). */
    private readonly stream: string,
  ) {}

  async apply(batch: readonly SequencedEvent[]): Promise<ApplyOutcome[]> {
    if (batch.length === 0) return [];
    return this.dataSource.transaction((manager) => this.applyIn(manager, batch));
  }

  /** Same as `apply`, inside a transaction the caller owns (the rebuild command). */
  async applyIn(manager: EntityManager, batch: readonly SequencedEvent[]): Promise<ApplyOutcome[]> {
    let last = await this.lockPosition(manager);
    const outcomes: ApplyOutcome[] = [];
    let run: Array<{ event: CreatedEvent; streamSequence: number }> = [];
    const flushRun = async () => {
      if (run.length === 0) return;
      const workspaceId = run[0]?.event.workspace_id ?? '';
      const affected = await applyCreatedRun(manager, workspaceId, run);
      for (const { event } of run) {
        const paths = affected.get(event.event_id);
        outcomes.push(paths ? { status: 'applied', event, affected: paths } : { status: 'skipped', event, reason: 'event_id' });
      }
      run = [];
    };
    for (const { event, streamSequence } of batch) {
      if (streamSequence <= last) {
        await flushRun();
        outcomes.push({ status: 'skipped', event, reason: 'sequence' });
        continue;
      }
      last = streamSequence;
      // Consecutive creates of one workspace go in one set-based run; anything else ends the run.
      if (event.type === 'entity_created' && (run.length === 0 || run[0]?.event.workspace_id === event.workspace_id) && !run.some((item) => item.event.event_id === event.event_id)) {
        run.push({ event, streamSequence });
        continue;
      }
      await flushRun();
      if (event.type === 'entity_created') {
        run.push({ event, streamSequence });
        continue;
      }
      outcomes.push(await this.applyOne(manager, event, streamSequence));
    }
    await flushRun();
    await manager.query(`UPDATE hierarchy.projection_state SET last_sequence = $2, updated_at = now() WHERE stream = $1`, [this.stream, last]);
    return outcomes;
  }

  private async applyOne(manager: EntityManager, event: ProjectedEntityEvent, streamSequence: number): Promise<ApplyOutcome> {
    const recorded: unknown[] = await manager.query(
      `WITH recorded AS (INSERT INTO hierarchy.applied_events (workspace_id, event_id, stream_sequence) VALUES ($1, $2, $3)
                         ON CONFLICT DO NOTHING RETURNING 1)
       SELECT * FROM recorded`,
      [event.workspace_id, event.event_id, streamSequence],
    );
    if (recorded.length === 0) return { status: 'skipped', event, reason: 'event_id' };
    return { status: 'applied', event, affected: await applyEntityChange(manager, event) };
  }

  /** The last applied sequence, locked for this transaction (one writer at a time, even during a hand-over). */
  private async lockPosition(manager: EntityManager): Promise<number> {
    // One round trip: the insert's conflict arm locks the existing row (as FOR UPDATE would) and
    // returns its latest committed position, waiting for a concurrent holder to finish first.
    const rows: Array<{ last_sequence: string }> = await manager.query(
      `INSERT INTO hierarchy.projection_state AS s (stream, last_sequence) VALUES ($1, 0)
       ON CONFLICT (stream) DO UPDATE SET last_sequence = s.last_sequence
       RETURNING last_sequence`,
      [this.stream],
    );
    return Number(rows[0]?.last_sequence ?? 0);
  }

  async lastSequence(): Promise<number> {
    const rows: Array<{ last_sequence: string }> = await this.dataSource.query(
      `SELECT last_sequence FROM hierarchy.projection_state WHERE stream = $1`,
      [this.stream],
    );
    return Number(rows[0]?.last_sequence ?? 0);
  }
}
