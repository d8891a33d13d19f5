import { hierarchyCacheInvalidationSchema } from '@forecastin/contracts';
import type { CoreSubscription, NatsDependency } from '@forecastin/messaging';
import type { ConsistencyWaiter } from '../http/consistency-waiter';
import { groupsOf } from './cache-keys';
import type { MemoryTier } from './memory-tier';

/**
 * Every instance listens on `cache.invalidate.hierarchy` (no queue group): drops the L1 groups a
 * change made stale, and wakes reads waiting for that event's consistency token.
 */
export function listenForInvalidations(nats: NatsDependency, memory: MemoryTier, waiter: ConsistencyWaiter): CoreSubscription {
  return nats.subscribeCore(nats.subjects.cacheInvalidate('hierarchy'), hierarchyCacheInvalidationSchema, (message) => {
    memory.invalidate(message.workspace_id, groupsOf(message.workspace_id, message.paths, message.roots, message.lists_only_paths), message.subtree_roots);
    for (const eventId of message.event_ids) waiter.notifyApplied(message.workspace_id, eventId);
  });
}
