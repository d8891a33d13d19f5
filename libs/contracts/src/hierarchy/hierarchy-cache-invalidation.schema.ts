import { z } from 'zod';
import { ltreePathSchema } from '../ltree/ltree-path.schema';

/** What a cached hierarchy entry holds: a node, a node's children list, or a node's descendants list. */
export const hierarchyCacheKindSchema = z.enum(['node', 'children', 'descendants']);
export type HierarchyCacheKind = z.infer<typeof hierarchyCacheKindSchema>;

/** Bounds one message; a change touching more is sent as subtree roots instead of single paths. */
export const MAX_INVALIDATED_PATHS = 5000;

/** At most this many applied events are announced by one message (the projection's largest batch). */
export const MAX_INVALIDATION_EVENTS = 1000;

/**
 * `cache.invalidate.hierarchy` (core NATS, every instance): after the projection applied the events
 * `event_ids` (one batch, one workspace), drop every cached entry of `paths` (all kinds; `roots` is
 * the list of depth-1 nodes), and every entry at or under `subtree_roots`. Carries the event ids so
 * reads waiting on their consistency tokens learn at once that they are applied.
 * `lists_only_paths` (a subset of `paths`, optional) are those whose node entry is still valid, only
 * their lists changed (the ancestors of a renamed node): a receiver may keep those node entries. A
 * receiver that ignores the field drops them too, which is only slower, never stale.
 */
export const hierarchyCacheInvalidationSchema = z.object({
  workspace_id: z.uuid(),
  event_ids: z.array(z.uuid()).max(MAX_INVALIDATION_EVENTS),
  paths: z.array(ltreePathSchema).max(MAX_INVALIDATED_PATHS),
  roots: z.boolean(),
  subtree_roots: z.array(ltreePathSchema).max(MAX_INVALIDATED_PATHS),
  lists_only_paths: z.array(ltreePathSchema).max(MAX_INVALIDATED_PATHS).default([]),
});

export type HierarchyCacheInvalidation = z.infer<typeof hierarchyCacheInvalidationSchema>;
