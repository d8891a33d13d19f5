import { randomUUID } from 'node:crypto';
import {
  API_VERSION,
  hierarchyCacheInvalidationSchema,
  hierarchyInvalidationEventSchema,
  MAX_AFFECTED_PATHS,
  MAX_INVALIDATION_EVENTS,
  type HierarchyCacheInvalidation,
  type HierarchyInvalidationEvent,
} from '@forecastin/contracts';
import type { NatsDependency } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';
import { AffectedPaths } from '../projection/affected-paths';
import type { ApplyOutcome } from '../projection/projection-store';
import { parentPath } from '../projection/ltree-paths';
import { groupsOf } from './cache-keys';
import type { MemoryTier } from './memory-tier';
import type { RedisTier } from './redis-tier';

/**
 * After a commit: drop what the changes made stale in L2 (and this instance's L1), tell every
 * instance to drop the same L1 groups (`cache.invalidate.hierarchy`), and publish
 * `evt.<ws>.hierarchy.invalidated` with each change's affected paths (acknowledged while the next
 * batch is applied). A redelivered event (already applied,
 * e.g. the process died between commit and this step) is invalidated again, conservatively, so
 * invalidation happens at least once per change.
 */
export class InvalidationPublisher {
  /** The previous batch's announcements, still being acknowledged by JetStream. */
  private announcing: Promise<void> = Promise.resolve();
  /** The previous batch's invalidation: batches are invalidated one after the other, in commit order. */
  private invalidating: Promise<void> = Promise.resolve();

  constructor(
    private readonly nats: NatsDependency,
    private readonly memory: MemoryTier,
    private readonly redis: RedisTier,
    private readonly logger: Logger,
  ) {}

  /**
   * One batch: the union of what its events made stale, per workspace, is dropped in one go (the
   * chains of sibling events overlap almost entirely); then one `hierarchy_invalidation` event per
   * applied change, with that change's own paths. Calls may overlap (the projector applies the
   * next batch meanwhile): each starts once the previous one is done, so the caches see the
   * batches' invalidations in commit order.
   */
  publish(outcomes: readonly ApplyOutcome[]): Promise<void> {
    const next = this.invalidating.catch(() => undefined).then(() => this.publishNow(outcomes));
    this.invalidating = next;
    return next;
  }

  private async publishNow(outcomes: readonly ApplyOutcome[]): Promise<void> {
    const byWorkspace = new Map<string, { union: AffectedPaths; eventIds: string[]; correlationId: string }>();
    for (const outcome of outcomes) {
      const { event } = outcome;
      const entry = byWorkspace.get(event.workspace_id) ?? { union: new AffectedPaths(), eventIds: [], correlationId: event.correlation_id };
      entry.union.merge(outcome.status === 'applied' ? outcome.affected : redeliveredAffected(event));
      entry.eventIds.push(event.event_id);
      byWorkspace.set(event.workspace_id, entry);
    }
    for (const [workspaceId, { union, eventIds, correlationId }] of byWorkspace) {
      const { paths, listsOnly, subtreeRoots, roots } = union.bounded();
      const groups = groupsOf(workspaceId, paths, roots, listsOnly);
      this.memory.invalidate(workspaceId, groups, subtreeRoots);
      await this.redis.invalidate(workspaceId, groups, subtreeRoots);
      for (let index = 0; index < eventIds.length; index += MAX_INVALIDATION_EVENTS) {
        const message: HierarchyCacheInvalidation = {
          workspace_id: workspaceId,
          event_ids: eventIds.slice(index, index + MAX_INVALIDATION_EVENTS),
          paths,
          roots,
          subtree_roots: subtreeRoots,
          lists_only_paths: listsOnly,
        };
        this.nats.publishCore(this.nats.subjects.cacheInvalidate('hierarchy'), message, hierarchyCacheInvalidationSchema, correlationId);
      }
    }
    // The caches are exact once this returns; the announcements are for subscribers (realtime) and
    // wait for JetStream's acks while the next batch is applied — awaiting them here was a third of
    // the projection's time. One batch at most is in flight behind the apply (backpressure).
    await this.announcing;
    this.announcing = this.announceAll(outcomes);
  }

  /** Waits for the invalidations and announcements still in flight (before the connection closes). */
  async flush(): Promise<void> {
    await this.invalidating.catch(() => undefined);
    await this.announcing;
  }

  /**
   * Never rejects: a change whose announcement failed is applied and its caches dropped; a
   * redelivery would not announce it either (it is skipped as applied), so it is logged. The
   * batch goes out as one round of acks (per-event requests were a quarter of the projection's CPU).
   */
  private async announceAll(outcomes: readonly ApplyOutcome[]): Promise<void> {
    try {
      const envelopes = outcomes.flatMap((outcome) => (outcome.status === 'applied' ? announcementOf(outcome) : []));
      // Checked against its own schema: the default (every platform event type) costs more than the publish.
      const results = await this.nats.publishEvents(envelopes, { schema: hierarchyInvalidationEventSchema });
      const failed = results.flatMap((result) => (result.ok ? [] : [result.error]));
      if (failed.length > 0) this.logger.warn({ err: failed[0], failed: failed.length }, 'hierarchy_invalidation events could not be published');
    } catch (error: unknown) {
      this.logger.warn({ err: error, failed: outcomes.length }, 'hierarchy_invalidation events could not be published');
    }
  }
}

/** `evt.<ws>.hierarchy.invalidated` for one applied change, or nothing when it touched no path. */
function announcementOf(outcome: Extract<ApplyOutcome, { status: 'applied' }>): HierarchyInvalidationEvent[] {
  const { event } = outcome;
  const { paths, subtreeRoots } = outcome.affected.bounded();
  const affectedPaths = [...subtreeRoots, ...paths, ...[...outcome.affected.createdPaths].filter((path) => !paths.includes(path))];
  if (affectedPaths.length === 0) return [];
  // Validated once, by publishEvents against this event's schema (createEventEnvelope would parse it a second time).
  return [
    {
      version: API_VERSION,
      event_id: randomUUID(),
      timestamp: new Date().toISOString(),
      type: 'hierarchy_invalidation',
      workspace_id: event.workspace_id,
      correlation_id: event.correlation_id,
      topic: `hierarchy:${event.entity.path}`,
      affected_paths: affectedPaths.length <= MAX_AFFECTED_PATHS ? affectedPaths : topLevel(affectedPaths),
      reason: event.type,
    },
  ];
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
