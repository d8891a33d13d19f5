import { randomUUID } from 'node:crypto';
import { createEventEnvelope, hierarchyInvalidationEventSchema, type HierarchyInvalidationEvent } from '@forecastin/contracts';

export const WORKSPACE_ID = '3f0c6a52-55a4-4c53-9d0e-6d1f1f6f2a11';

/** A valid hierarchy_invalidation event for `path`, with an optional fixed id (for dedupe tests). */
export function invalidationEvent(path: string, eventId: string = randomUUID()): HierarchyInvalidationEvent {
  return createEventEnvelope(
    hierarchyInvalidationEventSchema,
    {
      correlation_id: `req_${randomUUID().replaceAll('-', '')}`,
      workspace_id: WORKSPACE_ID,
      topic: `hierarchy:${path}`,
      affected_paths: [path],
      reason: 'entity_updated',
    },
    { eventId },
  );
}
