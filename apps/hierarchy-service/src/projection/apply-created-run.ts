import type { EntityManager } from 'typeorm';
import { AffectedPaths } from './affected-paths';
import { applyEntityChange } from './apply-entity-change';
import type { ProjectedEntityEvent } from './entity-event.schema';

type CreatedEvent = Extract<ProjectedEntityEvent, { type: 'entity_created' }>;

/**
 * A run of consecutive `entity_created` events of one workspace, applied set-based: three statements
 * whatever the run's length (the shape of a backlog or a seed). Equal to applying them one by one
 * for a valid stream (a parent is created before its children): rows inserted, parents linked by
 * path, then each existing ancestor's counts moved by the created nodes under it, aggregated.
 * Events already applied (same event id) are left out; a run whose ids already exist falls back to
 * one at a time. Returns what each applied event made stale, by event id.
 */
export async function applyCreatedRun(manager: EntityManager, workspaceId: string, run: ReadonlyArray<{ event: CreatedEvent; streamSequence: number }>): Promise<Map<string, AffectedPaths>> {
  // Recording the ids and checking whether any fresh event's entity already exists: one round trip.
  const recorded: Array<{ event_id: string; exists: boolean }> = await manager.query(
    `WITH e AS (SELECT * FROM unnest($2::uuid[], $3::bigint[], $4::uuid[]) AS e(event_id, stream_sequence, entity_id)),
          recorded AS (
            INSERT INTO hierarchy.applied_events (workspace_id, event_id, stream_sequence)
            SELECT $1, event_id, stream_sequence FROM e
            ON CONFLICT DO NOTHING RETURNING event_id)
     SELECT r.event_id, EXISTS (SELECT 1 FROM hierarchy.nodes n WHERE n.workspace_id = $1 AND n.id = e.entity_id) AS exists
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

  const ids = events.map((event) => event.entity.id);
  const paths = events.map((event) => event.entity.path);
  // Parents linked by path at insert time: a parent created earlier in the run (hash join on the
  // run itself) or already in the read model. A separate UPDATE joining back was a third of the run.
  await manager.query(
    `WITH n AS (SELECT * FROM unnest($2::uuid[], $3::ltree[], $4::text[], $5::text[], $6::text[], $7::int[]) AS n(id, path, key, name, entity_type, version))
     INSERT INTO hierarchy.nodes (workspace_id, id, path, key, name, entity_type, entity_version, parent_id)
     SELECT $1, n.id, n.path, n.key, n.name, n.entity_type, n.version, COALESCE(r.id, p.id)
       FROM n
       LEFT JOIN n r ON nlevel(n.path) > 1 AND r.path = subpath(n.path, 0, nlevel(n.path) - 1)
       LEFT JOIN hierarchy.nodes p ON nlevel(n.path) > 1 AND p.workspace_id = $1 AND p.path = subpath(n.path, 0, nlevel(n.path) - 1)`,
    [workspaceId, ids, paths, events.map((e) => e.entity.key), events.map((e) => e.entity.name), events.map((e) => e.entity.entity_type), events.map((e) => e.entity.version)],
  );
  await manager.query(
    `UPDATE hierarchy.nodes n
        SET descendant_count = n.descendant_count + c.descendants, children_count = n.children_count + c.children
       FROM (SELECT subpath(p, 0, i) AS ancestor, count(*) AS descendants, count(*) FILTER (WHERE i = nlevel(p) - 1) AS children
               FROM unnest($2::ltree[]) AS p, generate_series(1, nlevel(p) - 1) AS i
              GROUP BY 1) c
      WHERE n.workspace_id = $1 AND n.path = c.ancestor`,
    [workspaceId, paths],
  );
  for (const event of events) {
    const paths = new AffectedPaths();
    paths.touchCreated(event.entity.path);
    affected.set(event.event_id, paths);
  }
  return affected;
}
