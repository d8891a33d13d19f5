import { commandPostgres, type CommandContext, type CommandOptions } from './command-connections';

export interface ReadModelDifference {
  workspace_id: string;
  id: string;
  path: string;
  field: 'parent_id' | 'children_count' | 'descendant_count';
  stored: string | null;
  recounted: string | null;
}

/**
 * Recounts the whole read model from its paths alone (set-based: each node contributes one row per
 * proper ancestor, O(nodes × depth)) and lists every node whose stored parent or counts differ.
 */
export const RECOUNT_SQL = `
  WITH ancestors AS (
    SELECT n.workspace_id, subpath(n.path, 0, i) AS ancestor, (i = nlevel(n.path) - 1) AS is_parent
      FROM hierarchy.nodes n, generate_series(1, nlevel(n.path) - 1) AS i
  ), counted AS (
    SELECT workspace_id, ancestor AS path, count(*) AS descendants, count(*) FILTER (WHERE is_parent) AS children
      FROM ancestors GROUP BY workspace_id, ancestor
  ), expected AS (
    SELECT n.workspace_id, n.id, n.path, n.parent_id, n.children_count, n.descendant_count,
           p.id AS expected_parent, coalesce(c.children, 0) AS expected_children, coalesce(c.descendants, 0) AS expected_descendants
      FROM hierarchy.nodes n
      LEFT JOIN hierarchy.nodes p ON p.workspace_id = n.workspace_id AND nlevel(n.path) > 1 AND p.path = subpath(n.path, 0, nlevel(n.path) - 1)
      LEFT JOIN counted c ON c.workspace_id = n.workspace_id AND c.path = n.path
  )
  SELECT workspace_id, id, path::text AS path, field, stored, recounted FROM (
    SELECT workspace_id, id, path, 'parent_id' AS field, parent_id::text AS stored, expected_parent::text AS recounted
      FROM expected WHERE parent_id IS DISTINCT FROM expected_parent
    UNION ALL
    SELECT workspace_id, id, path, 'children_count', children_count::text, expected_children::text
      FROM expected WHERE children_count <> expected_children
    UNION ALL
    SELECT workspace_id, id, path, 'descendant_count', descendant_count::text, expected_descendants::text
      FROM expected WHERE descendant_count <> expected_descendants
  ) differences ORDER BY workspace_id, path, field`;

/** `node dist/main.js verify`: exits 1 (listing up to 50 differences) when any stored count or parent is wrong. */
export async function verifyReadModel(context: CommandContext, options: CommandOptions): Promise<void> {
  const { logger } = context;
  const postgres = await commandPostgres(context, options, 'verify');
  try {
    const started = performance.now();
    const differences: ReadModelDifference[] = await postgres.dataSource.query(RECOUNT_SQL);
    const nodes: Array<{ count: string }> = await postgres.dataSource.query('SELECT count(*) FROM hierarchy.nodes');
    const summary = { nodes: Number(nodes[0]?.count ?? 0), differences: differences.length, ms: Math.round(performance.now() - started) };
    if (differences.length > 0) {
      logger.error({ ...summary, first: differences.slice(0, 50) }, 'read model differs from its recount');
      throw new Error(`read model differs from its recount in ${differences.length} place(s)`);
    }
    logger.info(summary, 'read model verified: every parent and count matches the recount');
  } finally {
    await postgres.close();
  }
}
