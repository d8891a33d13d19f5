import {
  ErrorCode,
  type HierarchyColumns,
  type HierarchyStats,
  type Node,
  type NodeWithAncestors,
  type Page,
} from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';
import type { PostgresDependency } from '@forecastin/persistence';
import type { CacheMetrics } from '../cache/cache-metrics';
import { ROOTS_PATH, type CacheGroup } from '../cache/cache-keys';
import type { ReadOptions, TieredCache } from '../cache/tiered-cache';
import { ancestorPaths } from '../projection/ltree-paths';
import type { PreparedReadsPostgres } from '../read-model/prepared-reads.postgres';
import { ReadModelQueries } from '../read-model/read-model.queries';
import { composeNodeWithAncestors } from './node-with-ancestors';
import type { PageCursors } from './page-cursor';

export interface ListQuery {
  readonly limit: number;
  readonly cursor?: string;
  readonly entity_type?: string;
}

export interface DescendantsListQuery extends ListQuery {
  readonly max_depth?: number;
}

/** Columns show this many siblings per level (the API's default page). */
const COLUMN_PAGE = 100;

/**
 * Every hierarchy read (HTTP and RPC share it), through the tiered cache. Nodes are cached one per
 * path and breadcrumbs composed from them, so renaming a node never has to reach its descendants'
 * entries; lists are cached per (parent, page, filter) inside their parent's group.
 */
export class HierarchyReader {
  constructor(
    private readonly postgres: PostgresDependency,
    private readonly indexedReads: PreparedReadsPostgres,
    private readonly cache: TieredCache,
    private readonly cursors: PageCursors,
    private readonly metrics: CacheMetrics,
    private readonly lag: () => Promise<number>,
  ) {}

  private get queries(): ReadModelQueries {
    return new ReadModelQueries(this.postgres.dataSource, this.indexedReads.dataSource);
  }

  async node(workspaceId: string, path: string, options: ReadOptions): Promise<NodeWithAncestors> {
    const chain = [...ancestorPaths(path), path];
    const groups: CacheGroup[] = chain.map((p) => ({ workspaceId, kind: 'node', path: p }));
    const nodes = await this.cache.getMany<Node>(groups, options, async (missing) => {
      const rows = await this.queries.nodesByPaths(workspaceId, missing.map((group) => group.path));
      return new Map(rows.map((row) => [row.path, row]));
    });
    const answer = composeNodeWithAncestors(nodes);
    if (!answer) throw notFound();
    return answer;
  }

  async roots(workspaceId: string, query: ListQuery, options: ReadOptions): Promise<Page<Node>> {
    return this.childrenOf(workspaceId, { path: ROOTS_PATH, id: null }, query, options);
  }

  async children(workspaceId: string, path: string, query: ListQuery, options: ReadOptions): Promise<Page<Node>> {
    const parent = await this.node(workspaceId, path, options);
    return this.childrenOf(workspaceId, parent, query, options);
  }

  private async childrenOf(workspaceId: string, parent: { path: string; id: string | null }, query: ListQuery, options: ReadOptions): Promise<Page<Node>> {
    const afterKey = this.cursors.childrenKey(query.cursor);
    const variant = `${query.entity_type ?? ''}|${query.limit}|${afterKey ?? ''}`;
    const group: CacheGroup = { workspaceId, kind: 'children', path: parent.path };
    const page = await this.cache.get(group, variant, options, async () => {
      const rows = await this.queries.children(workspaceId, { parentId: parent.id, entityType: query.entity_type, afterKey, limit: query.limit });
      return this.page(rows, query.limit, (last) => this.cursors.childrenAfter(last.key));
    });
    return page ?? emptyPage();
  }

  async descendants(workspaceId: string, path: string, query: DescendantsListQuery, options: ReadOptions): Promise<Page<Node>> {
    const root = await this.node(workspaceId, path, options);
    const afterPath = this.cursors.descendantsPath(query.cursor);
    if (afterPath !== undefined && !afterPath.startsWith(`${path}.`)) {
      throw new AppError(ErrorCode.VALIDATION_ERROR, 'Invalid input', [{ field: 'cursor', message: 'cursor belongs to another subtree' }]);
    }
    const variant = `${query.entity_type ?? ''}|${query.max_depth ?? ''}|${query.limit}|${afterPath ?? ''}`;
    const group: CacheGroup = { workspaceId, kind: 'descendants', path };
    const page = await this.cache.get(group, variant, options, async () => {
      const rows = await this.queries.descendants(workspaceId, {
        rootPath: path,
        maxDepth: query.max_depth === undefined ? undefined : root.path_depth + query.max_depth,
        entityType: query.entity_type,
        afterPath,
        limit: query.limit,
      });
      return this.page(rows, query.limit, (last) => this.cursors.descendantsAfter(last.path));
    });
    return page ?? emptyPage();
  }

  /**
   * Miller columns: for each level from the root to `path`, the first page of siblings with the
   * one on the path marked (added after the page when it is not on it), then `path`'s children.
   */
  async columns(workspaceId: string, path: string, options: ReadOptions): Promise<HierarchyColumns> {
    const target = await this.node(workspaceId, path, options);
    const chain = [...target.ancestors.map((ancestor) => ancestor.path), target.path];
    const parents: Array<{ path: string; id: string | null }> = [{ path: ROOTS_PATH, id: null }, ...target.ancestors, target];
    const first = { limit: COLUMN_PAGE };
    const pages = await Promise.all(parents.map((parent) => this.childrenOf(workspaceId, parent, first, options)));
    const selected = target;
    const selectedNodes = new Map<string, Node>();
    for (const page of pages) for (const item of page.items) if (chain.includes(item.path)) selectedNodes.set(item.path, item);
    if (!selectedNodes.has(selected.path)) selectedNodes.set(selected.path, stripAncestors(selected));
    const columns = pages.map((page, index) => {
      const onPath = chain[index];
      const items = page.items.map((item) => ({ ...item, selected: item.path === onPath }));
      const selectedNode = onPath === undefined ? undefined : selectedNodes.get(onPath);
      if (onPath !== undefined && selectedNode && !items.some((item) => item.selected)) items.push({ ...selectedNode, selected: true });
      return {
        depth: index + 1,
        parent_path: index === 0 ? null : (parents[index]?.path ?? null),
        items,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
      };
    });
    return { path, columns };
  }

  async search(workspaceId: string, query: { q?: string; lquery?: string; limit: number }): Promise<{ items: Node[] }> {
    const items =
      query.lquery !== undefined
        ? await this.queries.searchByLquery(workspaceId, query.lquery, query.limit)
        : await this.queries.searchByName(workspaceId, query.q ?? '', query.limit);
    return { items };
  }

  async stats(workspaceId: string): Promise<HierarchyStats> {
    const [counts, lagEvents] = await Promise.all([this.queries.countsByDepthAndType(workspaceId), this.lag()]);
    const byDepth: Record<string, number> = {};
    const byType: Record<string, number> = {};
    let total = 0;
    for (const row of counts) {
      byDepth[String(row.depth)] = (byDepth[String(row.depth)] ?? 0) + row.nodes;
      byType[row.entity_type] = (byType[row.entity_type] ?? 0) + row.nodes;
      total += row.nodes;
    }
    return { total_nodes: total, nodes_by_depth: byDepth, nodes_by_type: byType, lag_events: lagEvents, cache_hit_rates: this.metrics.hitRates() };
  }

  private page(rows: Node[], limit: number, cursorAfter: (last: Node) => string): Page<Node> {
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const hasMore = rows.length > limit && last !== undefined;
    return { items, next_cursor: hasMore ? cursorAfter(last) : null, has_more: hasMore };
  }
}

function stripAncestors(node: NodeWithAncestors): Node {
  const { ancestors: _ancestors, ...rest } = node;
  return rest;
}

function emptyPage(): Page<Node> {
  return { items: [], next_cursor: null, has_more: false };
}

function notFound(): AppError {
  return new AppError(ErrorCode.RESOURCE_NOT_FOUND, 'No node at this path');
}
