import type { EntityServiceHarness } from './entity-service.harness';

/**
 * Rows of a workspace that break the tree, read from the table itself (as the superuser, so RLS
 * hides nothing): a path that is not the parent's path + key, a missing parent (orphan), a root
 * whose path is not its key, or a depth that disagrees with the path. Empty when the tree is valid.
 */
export async function treeViolations(harness: EntityServiceHarness, workspaceId: string): Promise<Array<{ id: string; path: string; problem: string }>> {
  return harness.sql(
    `SELECT e.id, e.path::text AS path,
            CASE
              WHEN e.parent_id IS NULL AND e.path::text <> e.key THEN 'root path is not its key'
              WHEN e.parent_id IS NOT NULL AND p.id IS NULL THEN 'orphan'
              WHEN e.parent_id IS NOT NULL AND e.path <> p.path || e.key::ltree THEN 'path is not parent path + key'
              WHEN e.path_depth <> nlevel(e.path) THEN 'depth disagrees with path'
            END AS problem
       FROM entity.entities e
       LEFT JOIN entity.entities p ON p.workspace_id = e.workspace_id AND p.id = e.parent_id
      WHERE e.workspace_id = $1
        AND (   (e.parent_id IS NULL AND e.path::text <> e.key)
             OR (e.parent_id IS NOT NULL AND (p.id IS NULL OR e.path <> p.path || e.key::ltree))
             OR e.path_depth <> nlevel(e.path))`,
    [workspaceId],
  );
}
