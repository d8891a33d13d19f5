import type { EntityManager } from 'typeorm';
import type { ProjectedEntity } from '@forecastin/contracts';
import { AffectedPaths } from './affected-paths';
import type { ProjectedEntityEvent } from './entity-event.schema';
import { ancestorPaths, parentPath } from './ltree-paths';

interface StoredNode {
  id: string;
  path: string;
  entity_version: number;
}

/**
 * Applies one entity event to the read model inside the caller's transaction, set-based: a handful
 * of statements whatever the subtree size. Counts stay exact: ancestors' descendant_count moves by
 * the subtree size, parents' children_count by one. Returns what the change made stale.
 */
export async function applyEntityChange(manager: EntityManager, event: ProjectedEntityEvent): Promise<AffectedPaths> {
  const affected = new AffectedPaths();
  const ws = event.workspace_id;
  const stored = await findNode(manager, ws, event.entity.id);
  switch (event.type) {
    case 'entity_created':
      if (stored) await moveOrUpdate(manager, ws, stored, event.entity, affected);
      else await insertNode(manager, ws, event.entity, affected);
      break;
    case 'entity_updated':
    case 'entity_moved':
      // An update whose path differs from ours is applied as the move it implies; a move we
      // cannot place (never created) inserts the subtree root so later events have a parent.
      if (stored) await moveOrUpdate(manager, ws, stored, event.entity, affected);
      else await insertNode(manager, ws, event.entity, affected);
      break;
    case 'entity_deleted':
      if (stored) await deleteSubtree(manager, ws, stored.path, affected);
      break;
  }
  return affected;
}

async function findNode(manager: EntityManager, ws: string, id: string): Promise<StoredNode | undefined> {
  const rows: StoredNode[] = await manager.query(
    `SELECT id, path::text AS path, entity_version FROM hierarchy.nodes WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
    [ws, id],
  );
  return rows[0];
}

async function insertNode(manager: EntityManager, ws: string, entity: ProjectedEntity, affected: AffectedPaths): Promise<void> {
  const parent = parentPath(entity.path);
  await manager.query(
    `INSERT INTO hierarchy.nodes (workspace_id, id, path, key, name, entity_type, parent_id, entity_version)
     VALUES ($1, $2, $3::ltree, $4, $5, $6,
             (SELECT id FROM hierarchy.nodes WHERE workspace_id = $1 AND path = $7::ltree), $8)`,
    [ws, entity.id, entity.path, entity.key, entity.name, entity.entity_type, parent, entity.version],
  );
  await adjustChain(manager, ws, entity.path, 1);
  affected.touchChain(entity.path);
}

async function moveOrUpdate(manager: EntityManager, ws: string, stored: StoredNode, entity: ProjectedEntity, affected: AffectedPaths): Promise<void> {
  if (entity.version < stored.entity_version) return; // an older snapshot than what we hold
  const moved = entity.path !== stored.path;
  if (moved) await moveSubtree(manager, ws, stored.path, entity.path, affected);
  await manager.query(
    `UPDATE hierarchy.nodes SET key = $3, name = $4, entity_type = $5, entity_version = $6 WHERE workspace_id = $1 AND id = $2`,
    [ws, entity.id, entity.key, entity.name, entity.entity_type, entity.version],
  );
  // In place, no count changes: the ancestors' nodes stay valid (dropping them made every hot node
  // under the same root miss once per rename: 97.8 % hit rate in the Zipf bench).
  if (moved) affected.touchChain(entity.path);
  else affected.touchInPlace(entity.path);
}

/** Rewrites every path under `from` to sit under `to`, and moves the subtree's size between the two ancestor chains. */
async function moveSubtree(manager: EntityManager, ws: string, from: string, to: string, affected: AffectedPaths): Promise<void> {
  const oldPaths: Array<{ path: string }> = await manager.query(
    `SELECT path::text AS path FROM hierarchy.nodes WHERE workspace_id = $1 AND path <@ $2::ltree`,
    [ws, from],
  );
  const size = oldPaths.length;
  await adjustChain(manager, ws, from, -1, size);
  await manager.query(
    `UPDATE hierarchy.nodes
        SET path = CASE WHEN path = $2::ltree THEN $3::ltree ELSE $3::ltree || subpath(path, nlevel($2::ltree)) END
      WHERE workspace_id = $1 AND path <@ $2::ltree`,
    [ws, from, to],
  );
  // Only the subtree root changes parent; everyone below keeps theirs.
  await manager.query(
    `UPDATE hierarchy.nodes SET parent_id = (SELECT id FROM hierarchy.nodes WHERE workspace_id = $1 AND path = $3::ltree)
      WHERE workspace_id = $1 AND path = $2::ltree`,
    [ws, to, parentPath(to)],
  );
  await adjustChain(manager, ws, to, 1, size);
  affected.touchChain(from);
  affected.touchSubtree(from, oldPaths.map((row) => row.path));
  affected.touchSubtree(to, []);
}

async function deleteSubtree(manager: EntityManager, ws: string, path: string, affected: AffectedPaths): Promise<void> {
  const deleted: Array<{ path: string }> = await manager.query(
    // Through a CTE: typeorm answers a bare DELETE … RETURNING with [rows, count], a SELECT with rows.
    `WITH gone AS (DELETE FROM hierarchy.nodes WHERE workspace_id = $1 AND path <@ $2::ltree RETURNING path)
     SELECT path::text AS path FROM gone`,
    [ws, path],
  );
  await adjustChain(manager, ws, path, -1, deleted.length);
  affected.touchChain(path);
  affected.touchSubtree(path, deleted.map((row) => row.path));
}

/**
 * `sign` × `size` nodes appeared (or left) at `path`: every proper ancestor's descendant_count
 * moves by the size, the parent's children_count by one. One statement over ≤ 32 index lookups.
 */
async function adjustChain(manager: EntityManager, ws: string, path: string, sign: 1 | -1, size = 1): Promise<void> {
  const ancestors = ancestorPaths(path);
  if (ancestors.length === 0) return;
  await manager.query(
    `UPDATE hierarchy.nodes
        SET descendant_count = descendant_count + $3,
            children_count = children_count + CASE WHEN path = $4::ltree THEN $5 ELSE 0 END
      WHERE workspace_id = $1 AND path = ANY($2::ltree[])`,
    [ws, ancestors, sign * size, parentPath(path), sign],
  );
}
