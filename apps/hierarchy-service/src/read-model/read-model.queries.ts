import type { DataSource } from 'typeorm';
import type { Node } from '@forecastin/contracts';
import { preparedStatement, queryPreparedOnPool, type PreparedStatement } from '@forecastin/persistence';
import { lastLabel, pathDepth, subtreeUpperBound } from '../projection/ltree-paths';

/**
 * The columns of a `Node`, straight from the row: counts are the maintained ones (L4), never recounted.
 * `path` here is text, so every ORDER BY names `nodes.path`: a bare `path` would sort the text alias
 * (the database collation's order, which under a non-C collation is not ltree order, and no index's).
 */
const NODE_COLUMNS = `id, path::text AS path, key, name, entity_type, depth AS path_depth, children_count, descendant_count`;

/**
 * The indexed reads' columns, as arrays (`NodeRow`): a page is up to 1,001 rows, and producing,
 * sending and parsing them is most of its cost, so the key and depth, which follow from the path,
 * are not sent, and pg builds no object per row (a 101-row page at 1M nodes ~5 % faster in an A/B
 * of the bench's rounds; raw `pg` 0.221 → 0.183 ms).
 */
const NODE_ROW_COLUMNS = `id, path::text, name, entity_type, children_count, descendant_count`;
type NodeRow = [id: string, path: string, name: string, entityType: string, childrenCount: number, descendantCount: number];

function nodeFromRow([id, path, name, entityType, childrenCount, descendantCount]: NodeRow): Node {
  return { id, path, key: lastLabel(path), name, entity_type: entityType, path_depth: pathDepth(path), children_count: childrenCount, descendant_count: descendantCount };
}

const indexedRead = (text: string): PreparedStatement => preparedStatement(text, { rowMode: 'array' });

const NODES_BY_PATHS = indexedRead(`SELECT ${NODE_ROW_COLUMNS} FROM hierarchy.nodes WHERE workspace_id = $1 AND path = ANY($2::ltree[])`);

/** Two statements rather than one with an optional parent: each keeps its own index plan. */
const CHILDREN_FILTERS = `($2::text IS NULL OR entity_type = $2) AND ($3::text IS NULL OR key > $3) ORDER BY key LIMIT $4`;
const CHILDREN = indexedRead(`SELECT ${NODE_ROW_COLUMNS} FROM hierarchy.nodes WHERE workspace_id = $1 AND parent_id = $5 AND ${CHILDREN_FILTERS}`);
const ROOTS = indexedRead(`SELECT ${NODE_ROW_COLUMNS} FROM hierarchy.nodes WHERE workspace_id = $1 AND parent_id IS NULL AND depth = 1 AND ${CHILDREN_FILTERS}`);

/** One btree range: a subtree is contiguous in ltree order. */
const DESCENDANTS = indexedRead(
  `SELECT ${NODE_ROW_COLUMNS} FROM hierarchy.nodes
    WHERE workspace_id = $1 AND path > $2::ltree AND path < $3::ltree
      AND ($4::int IS NULL OR depth <= $4) AND ($5::text IS NULL OR entity_type = $5)
    ORDER BY nodes.path LIMIT $6`,
);

export interface ChildrenQuery {
  /** null: the roots (depth 1). */
  readonly parentId: string | null;
  readonly entityType?: string;
  readonly afterKey?: string;
  readonly limit: number;
}

export interface DescendantsQuery {
  readonly rootPath: string;
  /** Absolute depth bound (the root's depth + the relative max_depth). */
  readonly maxDepth?: number;
  readonly entityType?: string;
  readonly afterPath?: string;
  readonly limit: number;
}

/**
 * L3: every read of the read model, each one indexed. Workspace first in every WHERE: the pool
 * user reads outside `withTenant` (no per-read transaction), so these filters are the tenancy
 * boundary of the read side (README "Decisions").
 */
export class ReadModelQueries {
  /**
   * @param indexedReads where the reads behind cache misses (nodes by path, children, descendants)
   * run as named statements: the service gives its generic-plan pool (`PreparedReadsPostgres`).
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly indexedReads: DataSource = dataSource,
  ) {}

  /** Nodes at exactly these paths (btree, one probe per path). */
  async nodesByPaths(workspaceId: string, paths: readonly string[]): Promise<Node[]> {
    if (paths.length === 0) return [];
    return this.indexedRead(NODES_BY_PATHS, [workspaceId, paths]);
  }

  /** One page of children in key order (+1 row to know whether there is more). */
  async children(workspaceId: string, query: ChildrenQuery): Promise<Node[]> {
    const filters = [workspaceId, query.entityType ?? null, query.afterKey ?? null, query.limit + 1];
    return query.parentId === null ? this.indexedRead(ROOTS, filters) : this.indexedRead(CHILDREN, [...filters, query.parentId]);
  }

  /** One page of a subtree in path order. */
  async descendants(workspaceId: string, query: DescendantsQuery): Promise<Node[]> {
    return this.indexedRead(DESCENDANTS, [
      workspaceId,
      query.afterPath ?? query.rootPath,
      subtreeUpperBound(query.rootPath),
      query.maxDepth ?? null,
      query.entityType ?? null,
      query.limit + 1,
    ]);
  }

  private async indexedRead(statement: PreparedStatement, values: readonly unknown[]): Promise<Node[]> {
    return (await queryPreparedOnPool<NodeRow>(this.indexedReads, statement, values)).rows.map(nodeFromRow);
  }

  /** Case-insensitive name prefix (LIKE on lower(name), text_pattern_ops index). */
  async searchByName(workspaceId: string, prefix: string, limit: number): Promise<Node[]> {
    const pattern = `${prefix.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
    return this.dataSource.query(
      `SELECT ${NODE_COLUMNS} FROM hierarchy.nodes WHERE workspace_id = $1 AND lower(name) LIKE $2 ORDER BY lower(name), nodes.path LIMIT $3`,
      [workspaceId, pattern, limit],
    );
  }

  /** An lquery already validated by the contracts' safe subset (so the cast cannot fail). */
  async searchByLquery(workspaceId: string, lquery: string, limit: number): Promise<Node[]> {
    return this.dataSource.query(
      `SELECT ${NODE_COLUMNS} FROM hierarchy.nodes WHERE workspace_id = $1 AND path ~ $2::lquery ORDER BY nodes.path LIMIT $3`,
      [workspaceId, lquery, limit],
    );
  }

  async countsByDepthAndType(workspaceId: string): Promise<Array<{ depth: number; entity_type: string; nodes: number }>> {
    const rows: Array<{ depth: number; entity_type: string; nodes: string }> = await this.dataSource.query(
      `SELECT depth, entity_type, count(*) AS nodes FROM hierarchy.nodes WHERE workspace_id = $1 GROUP BY depth, entity_type`,
      [workspaceId],
    );
    return rows.map((row) => ({ depth: row.depth, entity_type: row.entity_type, nodes: Number(row.nodes) }));
  }

  async isApplied(workspaceId: string, eventId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM hierarchy.applied_events WHERE workspace_id = $1 AND event_id = $2`, [workspaceId, eventId]);
    return rows.length > 0;
  }
}
