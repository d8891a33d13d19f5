import { hierarchyCacheInvalidationSchema } from '@forecastin/contracts';
import type { RedisDependency } from '@forecastin/cache';
import type { NatsDependency } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';
import type { EntityManager } from 'typeorm';

/** Top-level labels (`subpath(path, 0, 1)`) of the read model, per workspace. */
export type TopLevelPaths = Map<string, Set<string>>;

export async function topLevelPaths(manager: EntityManager): Promise<TopLevelPaths> {
  const rows: Array<{ workspace_id: string; label: string }> = await manager.query(
    `SELECT DISTINCT workspace_id, subpath(path, 0, 1)::text AS label FROM hierarchy.nodes`,
  );
  const byWorkspace: TopLevelPaths = new Map();
  for (const row of rows) byWorkspace.set(row.workspace_id, (byWorkspace.get(row.workspace_id) ?? new Set()).add(row.label));
  return byWorkspace;
}

export function mergeTopLevel(a: TopLevelPaths, b: TopLevelPaths): TopLevelPaths {
  const merged = new Map(a);
  for (const [workspace, labels] of b) merged.set(workspace, new Set([...(merged.get(workspace) ?? []), ...labels]));
  return merged;
}

/** Every cached hierarchy entry is stale after a rebuild: scan-delete L2, and broadcast whole-tree drops for L1. */
export async function dropCaches(nats: NatsDependency, redis: RedisDependency, topLevel: TopLevelPaths, logger: Logger): Promise<void> {
  try {
    await redis.connect();
    let deleted = 0;
    for await (const keys of redis.client.scanIterator({ MATCH: redis.key('hierarchy', '*'), COUNT: 1000 })) {
      if (keys.length > 0) deleted += await redis.client.del(keys);
    }
    logger.info({ deleted }, 'dropped L2 hierarchy entries');
  } catch (error: unknown) {
    logger.warn({ err: error }, 'could not drop L2 entries: they expire with their time to live');
  }
  for (const [workspace, labels] of topLevel) {
    nats.publishCore(
      nats.subjects.cacheInvalidate('hierarchy'),
      { workspace_id: workspace, event_ids: [], paths: [], roots: true, subtree_roots: [...labels], lists_only_paths: [] },
      hierarchyCacheInvalidationSchema,
    );
  }
  await nats.connection.flush();
}
