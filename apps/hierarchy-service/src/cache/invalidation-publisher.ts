import {
  createEventEnvelope,
  hierarchyCacheInvalidationSchema,
  hierarchyInvalidationEventSchema,
  MAX_AFFECTED_PATHS,
  type HierarchyCacheInvalidation,
} from '@forecastin/contracts';
import type { NatsDependency } from '@forecastin/messaging';
import { AffectedPaths } from '../projection/affected-paths';
import type { ApplyOutcome } from '../projection/projection-store';
import { parentPath } from '../projection/ltree-paths';
import { groupsOf } from './cache-keys';
import type { MemoryTier } from './memory-tier';
import type { RedisTier } from './redis-tier';

/**
 * After a commit: drop what the change made stale in L2 (and this instance's L1), tell every
 * instance to drop the same L1 groups (`cache.invalidate.hierarchy`), and publish
 * `evt.<ws>.hierarchy.invalidated` with the affected paths. A redelivered event (already applied,
 * e.g. the process died between commit and this step) is invalidated again, conservatively, so
 * invalidation happens at least once per change.
 */
export class InvalidationPublisher {
  constructor(
    private readonly nats: NatsDependency,
    private readonly memory: MemoryTier,
    private readonly redis: RedisTier,
  ) {}

  async publish(outcomes: readonly ApplyOutcome[]): Promise<void> {
    await Promise.all(outcomes.map((outcome) => this.publishOne(outcome)));
  }

  private async publishOne(outcome: ApplyOutcome): Promise<void> {
    const { event } = outcome;
    const affected = outcome.status === 'applied' ? outcome.affected : redeliveredAffected(outcome.event);
    const { paths, subtreeRoots, roots } = affected.bounded();
    const message: HierarchyCacheInvalidation = { workspace_id: event.workspace_id, event_id: event.event_id, paths, roots, subtree_roots: subtreeRoots };
    const groups = groupsOf(event.workspace_id, paths, roots);
    this.memory.invalidate(event.workspace_id, groups, subtreeRoots);
    await this.redis.invalidate(event.workspace_id, groups, subtreeRoots);
    this.nats.publishCore(this.nats.subjects.cacheInvalidate('hierarchy'), message, hierarchyCacheInvalidationSchema, event.correlation_id);
    if (outcome.status !== 'applied') return;
    const affectedPaths = [...subtreeRoots, ...paths];
    if (affectedPaths.length === 0) return;
    await this.nats.publishEvent(
      createEventEnvelope(hierarchyInvalidationEventSchema, {
        workspace_id: event.workspace_id,
        correlation_id: event.correlation_id,
        topic: `hierarchy:${event.entity.path}`,
        affected_paths: affectedPaths.length <= MAX_AFFECTED_PATHS ? affectedPaths : topLevel(affectedPaths),
        reason: event.type,
      }),
    );
  }
}

/** Everything an event could have touched, without knowing what it did: its chains, and its subtrees. */
function redeliveredAffected(event: ApplyOutcome['event']): AffectedPaths {
  const affected = new AffectedPaths();
  affected.touchChain(event.entity.path);
  affected.subtreeRoots.add(event.entity.path);
  if (event.type === 'entity_moved') {
    affected.touchChain(event.previous_path);
    affected.subtreeRoots.add(event.previous_path);
  }
  const parent = parentPath(event.entity.path);
  if (parent !== null) affected.paths.add(parent);
  return affected;
}

/** The distinct first labels: "these paths and what lies under them" in few words. */
function topLevel(paths: readonly string[]): string[] {
  return [...new Set(paths.map((path) => path.split('.')[0] ?? path))].slice(0, MAX_AFFECTED_PATHS);
}
