import type { SnapshotEntity } from '@forecastin/contracts';
import type { NatsDependency } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';
import type { DataSource, EntityManager } from 'typeorm';
import type { ProjectionStore } from '../projection/projection-store';
import { EntitySnapshotClient } from './entity-snapshot.client';
import { mergeTopLevel, topLevelPaths, type TopLevelPaths } from './rebuild-caches';
import { replayStream, type ReplayCounts } from './stream-replay';

/** Attempts before giving up when the replay over the snapshot conflicts with it (see `SnapshotOverlapConflict`). */
export const SNAPSHOT_REBUILD_ATTEMPTS = 3;

/** Test seams: run between the steps whose order the rebuild's correctness rests on. */
export interface SnapshotRebuildHooks {
  /** After S0 (the stream's last sequence) was read, before the snapshot is opened. */
  readonly afterStreamPosition?: (attempt: number) => Promise<void>;
  /** After the snapshot was opened, before its pages are read. */
  readonly afterSnapshotOpened?: (attempt: number) => Promise<void>;
}

export interface SnapshotRebuildResult extends ReplayCounts {
  readonly attempts: number;
  /** Top-level labels per workspace before and after: whose cached entries the rebuild made stale. */
  readonly topLevel: TopLevelPaths;
  readonly snapshotEntities: number;
  readonly pages: number;
  /** First sequence replayed over the snapshot (S0 + 1) and the last (the stream head). */
  readonly fromSequence: number;
  readonly head: number;
}

/**
 * The events replayed over the snapshot did not fit it. Events in (S0, head] may already be in the
 * snapshot; for an entity the snapshot holds, the version guard makes that harmless, but an entity
 * created AND deleted between S0 and the snapshot is absent from it, and replaying its events brings
 * it back for a while: at a path the snapshot has since given to another entity (a unique
 * violation), or under an ancestor that was itself deleted with it and never comes back (an orphan).
 * Nothing tells such an event from one written after the snapshot, so the attempt is rolled back
 * and the rebuild starts over with a new S0 and a new snapshot. It needs writes in the short window
 * between the two, so a retry nearly always succeeds.
 */
export class SnapshotOverlapConflict extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SnapshotOverlapConflict';
  }
}

const UNIQUE_VIOLATION = '23505';

function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('code' in error && typeof error.code === 'string') return error.code;
  if ('driverError' in error) return sqlStateOf(error.driverError);
  return undefined;
}

export interface SnapshotRebuildContext {
  readonly nats: NatsDependency;
  readonly dataSource: DataSource;
  readonly store: ProjectionStore;
  readonly logger: Logger;
  readonly hooks?: SnapshotRebuildHooks;
}

/**
 * Rebuilds the read model from entity-service's consistent snapshot, then replays the stream's
 * events after S0 over it, in ONE transaction:
 *
 * 1. S0 = the stream's last sequence, read BEFORE the snapshot is opened: every event committed
 *    after the snapshot is published at a sequence > S0.
 * 2. Open the snapshot; delete the read model, the applied event ids and the stream position; stage
 *    every page in a temporary table; close the snapshot.
 * 3. Insert the nodes with their children and descendant counts computed in SQL.
 * 4. Replay (S0, head] through the projection store. Safe over the snapshot because applying is
 *    version-guarded (an older entity version is skipped, an equal one is the same row; entity-service
 *    bumps the version of every row a move or rename rewrites) and a delete of an absent id does
 *    nothing; the one case it cannot absorb is detected and retried (`SnapshotOverlapConflict`).
 * 5. Check every node's parent, store the position (head) and commit.
 */
export async function rebuildFromEntityService(context: SnapshotRebuildContext): Promise<SnapshotRebuildResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ...(await attemptRebuild(context, attempt)), attempts: attempt };
    } catch (error: unknown) {
      if (!(error instanceof SnapshotOverlapConflict) || attempt >= SNAPSHOT_REBUILD_ATTEMPTS) throw error;
      context.logger.warn({ attempt, reason: error.message }, 'events replayed over the snapshot conflicted with it (writes during the rebuild): rolled back, starting over with a new snapshot');
    }
  }
}

async function attemptRebuild(context: SnapshotRebuildContext, attempt: number): Promise<Omit<SnapshotRebuildResult, 'attempts'>> {
  const { nats, dataSource, store, logger, hooks } = context;
  const jsm = await nats.jetstreamManager();
  const s0 = (await jsm.streams.info(nats.eventsStream)).state.last_seq;
  await hooks?.afterStreamPosition?.(attempt);
  const snapshots = new EntitySnapshotClient(nats, logger);
  const snapshot = await snapshots.open();
  let open = true;
  const close = async (): Promise<void> => {
    if (!open) return;
    open = false;
    await snapshots.close(snapshot.snapshot_id);
  };
  logger.info({ attempt, s0, snapshotId: snapshot.snapshot_id, expiresAt: snapshot.expires_at }, 'entity-service snapshot opened');
  try {
    await hooks?.afterSnapshotOpened?.(attempt);
    return await dataSource.transaction(async (manager) => {
      const before = await topLevelPaths(manager);
      await manager.query('DELETE FROM hierarchy.nodes');
      await manager.query('DELETE FROM hierarchy.applied_events');
      await manager.query('DELETE FROM hierarchy.projection_state WHERE stream = $1', [nats.eventsStream]);
      await manager.query(
        `CREATE TEMPORARY TABLE hierarchy_rebuild_snapshot (
           workspace_id uuid NOT NULL, id uuid NOT NULL, parent_id uuid, path ltree NOT NULL,
           key text NOT NULL, name text NOT NULL, entity_type text NOT NULL, version integer NOT NULL
         ) ON COMMIT DROP`,
      );
      let snapshotEntities = 0;
      let pages = 0;
      for await (const items of snapshots.pages(snapshot.snapshot_id)) {
        await stagePage(manager, items);
        snapshotEntities += items.length;
        pages += 1;
      }
      await close();
      await insertNodes(manager);
      await manager.query(`INSERT INTO hierarchy.projection_state (stream, last_sequence) VALUES ($1, $2)`, [nats.eventsStream, s0]);

      const head = (await jsm.streams.info(nats.eventsStream)).state.last_seq;
      await assertStreamHoldsFrom(nats, s0 + 1);
      let counts: ReplayCounts;
      try {
        counts = await replayStream(nats, store, manager, { from: s0 + 1, head }, logger);
      } catch (error: unknown) {
        if (sqlStateOf(error) === UNIQUE_VIOLATION) {
          throw new SnapshotOverlapConflict(`an event replayed over the snapshot took a path the snapshot holds: ${error instanceof Error ? error.message : String(error)}`);
        }
        throw error;
      }
      await assertStreamHoldsFrom(nats, s0 + 1);
      await assertParentsLinked(manager);
      await manager.query(`UPDATE hierarchy.projection_state SET last_sequence = greatest(last_sequence, $2) WHERE stream = $1`, [nats.eventsStream, head]);
      const topLevel = mergeTopLevel(before, await topLevelPaths(manager));
      return { ...counts, topLevel, snapshotEntities, pages, fromSequence: s0 + 1, head };
    });
  } finally {
    await close();
  }
}

/** One page into the staging table: one statement. */
async function stagePage(manager: EntityManager, items: readonly SnapshotEntity[]): Promise<void> {
  await manager.query(
    `INSERT INTO hierarchy_rebuild_snapshot (workspace_id, id, parent_id, path, key, name, entity_type, version)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::ltree[], $5::text[], $6::text[], $7::text[], $8::int[])`,
    [
      items.map((item) => item.workspace_id),
      items.map((item) => item.id),
      items.map((item) => item.parent_id),
      items.map((item) => item.path),
      items.map((item) => item.key),
      items.map((item) => item.name),
      items.map((item) => item.entity_type),
      items.map((item) => item.version),
    ],
  );
}

/**
 * The staged snapshot into the read model, each node written once: its parent as entity-service has
 * it, its counts from the paths (each node counted once per proper ancestor, as verify recounts).
 */
async function insertNodes(manager: EntityManager): Promise<void> {
  await manager.query(
    `INSERT INTO hierarchy.nodes (workspace_id, id, path, key, name, entity_type, parent_id, entity_version, children_count, descendant_count)
     SELECT s.workspace_id, s.id, s.path, s.key, s.name, s.entity_type, s.parent_id, s.version, coalesce(c.children, 0), coalesce(c.descendants, 0)
       FROM hierarchy_rebuild_snapshot s
       LEFT JOIN (
         SELECT workspace_id, subpath(path, 0, i) AS ancestor, count(*) AS descendants, count(*) FILTER (WHERE i = nlevel(path) - 1) AS children
           FROM hierarchy_rebuild_snapshot, generate_series(1, nlevel(path) - 1) AS i
          GROUP BY 1, 2
       ) c ON c.workspace_id = s.workspace_id AND c.ancestor = s.path`,
  );
}

/** The events after S0 must still be in the stream (a stream bounded by size or count could drop them meanwhile). */
async function assertStreamHoldsFrom(nats: NatsDependency, sequence: number): Promise<void> {
  const first = (await (await nats.jetstreamManager()).streams.info(nats.eventsStream)).state.first_seq;
  if (first > sequence) {
    throw new SnapshotOverlapConflict(`stream ${nats.eventsStream} dropped the events from sequence ${sequence} (it starts at ${first}) while the rebuild ran`);
  }
}

/**
 * Every node's parent is the node at its parent path, and every non-root has one. Holds by
 * construction unless a replayed event brought back an entity the snapshot had seen deleted
 * together with its ancestor (an orphan): then the attempt is retried.
 */
async function assertParentsLinked(manager: EntityManager): Promise<void> {
  const wrong: Array<{ workspace_id: string; id: string; path: string }> = await manager.query(
    `SELECT n.workspace_id, n.id, n.path::text AS path
       FROM hierarchy.nodes n
       LEFT JOIN hierarchy.nodes p ON p.workspace_id = n.workspace_id AND nlevel(n.path) > 1 AND p.path = subpath(n.path, 0, nlevel(n.path) - 1)
      WHERE (nlevel(n.path) > 1 AND p.id IS NULL) OR n.parent_id IS DISTINCT FROM p.id
      LIMIT 10`,
  );
  if (wrong.length > 0) {
    throw new SnapshotOverlapConflict(`nodes without their parent after the replay: ${wrong.map((node) => `${node.workspace_id}/${node.path}`).join(', ')}`);
  }
}
