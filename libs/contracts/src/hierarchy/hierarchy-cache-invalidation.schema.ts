import { z } from 'zod';
import { ltreePathSchema } from '../ltree/ltree-path.schema';

/** What a cached hierarchy entry holds: a node, a node's children list, or a node's descendants list. */
export const hierarchyCacheKindSchema = z.enum(['node', 'children', 'descendants']);
export type HierarchyCacheKind = z.infer<typeof hierarchyCacheKindSchema>;

/** Bounds one message; a change touching more is sent as subtree roots instead of single paths. */
export const MAX_INVALIDATED_PATHS = 5000;

/**
 * `cache.invalidate.hierarchy` (core NATS, every instance): after the projection applied `event_id`,
 * drop every cached entry of `paths` (all kinds; `roots` is the list of depth-1 nodes), and every
 * entry at or under `subtree_roots`. Carries the event id so a read waiting on a consistency token
 * learns at once that the event is applied.
 */
export const hierarchyCacheInvalidationSchema = z.object({
  workspace_id: z.uuid(),
  event_id: z.uuid(),
  paths: z.array(ltreePathSchema).max(MAX_INVALIDATED_PATHS),
  roots: z.boolean(),
  subtree_roots: z.array(ltreePathSchema).max(MAX_INVALIDATED_PATHS),
});

export type HierarchyCacheInvalidation = z.infer<typeof hierarchyCacheInvalidationSchema>;
