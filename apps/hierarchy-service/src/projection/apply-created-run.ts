import type { EntityManager } from 'typeorm';
import { AffectedPaths } from './affected-paths';
import { applyEntityChange } from './apply-entity-change';
import { createdRunCounts } from './created-run-counts';
import type { ProjectedEntityEvent } from './entity-event.schema';

type CreatedEvent = Extract<ProjectedEntityEvent, { type: 'entity_created' }>;

/**
 * A run of consecutive `entity_created` events of one workspace, applied set-based: three statements
 * whatever the run's length (the shape of a backlog or a seed). Equal to applying them one by one
 * for a valid stream (a parent is created before its children): rows inserted with their parents
 * and counts from the run, then each existing ancestor's counts moved by the created nodes under it,
 * aggregated.
 * Events already applied (same event id) are left out; a run whose ids already exist falls back to
 * one at a time. Returns what each applied event made stale, by event id.
 */
export async function applyCreatedRun(manager: EntityManager, workspaceId: string, run: ReadonlyArray<{ event: CreatedEvent; streamSequence: number }>): Promise<Map<string, AffectedPaths>> {
  // Recording the ids and checking whether any fresh event's entity already exists: one round trip.
  // The check is a scalar subquery, one primary-key probe per event: as EXISTS it may be planned as
  // one hashed scan of the whole workspace (see the counts UPDATE below).
  const recorded: Array<{ event_id: string; exists: boolean }> = await manager.query(
    `WITH e AS (SELECT * FROM unnest($2::uuid[], $3::bigint[], $4::uuid[]) AS e(event_id, stream_sequence, entity_id)),
          recorded AS (
            INSERT INTO hierarchy.applied_events (workspace_id, event_id, stream_sequence)
            SELECT $1, event_id, stream_sequence FROM e
            ON CONFLICT DO NOTHING RETURNING event_id)
     SELECT r.event_id, (SELECT true FROM hierarchy.nodes n WHERE n.workspace_id = $1 AND n.id = e.entity_id) IS NOT NULL AS exists
       FROM recorded r JOIN e USING (event_id)`,
    [workspaceId, run.map((item) => item.event.event_id), run.map((item) => item.streamSequence), run.map((item) => item.event.entity.id)],
  );
  const fresh = new Set(recorded.map((row) => row.event_id));
  const events = run.map((item) => item.event).filter((event) => fresh.has(event.event_id));
  const affected = new Map<string, AffectedPaths>();
  if (events.length === 0) return affected;

  if (recorded.some((row) => row.exists)) {
    for (const event of events) affected.set(event.event_id, await applyEntityChange(manager, event));
    return affected;
  }

  const counts = createdRunCounts(events.map((event) => event.entity.path));
  // Parents and counts from the run itself (createdRunCounts); a parent outside the run is looked up
  // by path, one probe of the unique (workspace_id, path) index per row (a correlated subquery
  // cannot be planned as a scan of the workspace, see below).
  await manager.query(
    `INSERT INTO hierarchy.nodes (workspace_id, id, path, key, name, entity_type, entity_version, parent_id, children_count, descendant_count)
     SELECT $1, n.id, n.path, n.key, n.name, n.entity_type, n.version,
            COALESCE(n.parent_id, CASE WHEN nlevel(n.path) > 1 THEN (SELECT p.id FROM hierarchy.nodes p WHERE p.workspace_id = $1 AND p.path = subpath(n.path, 0, nlevel(n.path) - 1)) END),
            n.children, n.descendants
       FROM unnest($2::uuid[], $3::ltree[], $4::text[], $5::text[], $6::text[], $7::int[], $8::uuid[], $9::int[], $10::int[])
            AS n(id, path, key, name, entity_type, version, parent_id, children, descendants)`,
    [
      workspaceId,
      events.map((e) => e.entity.id),
      events.map((e) => e.entity.path),
      events.map((e) => e.entity.key),
      events.map((e) => e.entity.name),
      events.map((e) => e.entity.entity_type),
      events.map((e) => e.entity.version),
      counts.parentIndex.map((index) => (index === null ? null : (events[index]?.entity.id ?? null))),
      counts.children,
      counts.descendants,
    ],
  );
  // The ancestors outside the run, each once with its aggregated increments. Each is found by a
  // probe of the unique index and updated by its ctid: joining on path instead lets the planner
  // pick a hash or merge join over every node of the workspace, which it does whenever the
  // statistics do not know the workspace yet (a backlog into a fresh table or a new workspace:
  // estimated at 0.5 % of the rows), sorting the whole workspace for a few dozen rows (28 ms of a
  // 33 ms UPDATE at 10,000 nodes, growing with the table). A TID scan of one row is never costed
  // above a scan of the table. One writer at a time (the position lock), and READ COMMITTED
  // rechecks an updated row by following its update chain, not by its old ctid.
  if (counts.outside.paths.length > 0) {
    await manager.query(
      `UPDATE hierarchy.nodes n
          SET descendant_count = n.descendant_count + c.descendants, children_count = n.children_count + c.children
         FROM (SELECT (SELECT a.ctid FROM hierarchy.nodes a WHERE a.workspace_id = $1 AND a.path = c.path) AS tid, c.descendants, c.children
                 FROM unnest($2::ltree[], $3::int[], $4::int[]) AS c(path, descendants, children)) c
        WHERE n.ctid = c.tid`,
      [workspaceId, counts.outside.paths, counts.outside.descendants, counts.outside.children],
    );
  }
  for (const event of events) {
    const paths = new AffectedPaths();
    paths.touchCreated(event.entity.path);
    affected.set(event.event_id, paths);
  }
  return affected;
}
