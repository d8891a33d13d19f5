import { z } from 'zod';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { defineEvent } from './define-event';

export const MAX_AFFECTED_PATHS = 1000;

export const invalidationReasonSchema = z.enum(['entity_created', 'entity_updated', 'entity_moved', 'entity_deleted', 'rebuild']);

/** Published by hierarchy-service after applying a change: caches of these paths (and what lies under them) are stale. */
export const hierarchyInvalidationEventSchema = defineEvent('hierarchy_invalidation', {
  affected_paths: z.array(ltreePathSchema).min(1).max(MAX_AFFECTED_PATHS),
  reason: invalidationReasonSchema,
});

export type HierarchyInvalidationEvent = z.infer<typeof hierarchyInvalidationEventSchema>;
