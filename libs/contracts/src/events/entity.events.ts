import { z } from 'zod';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { defineEvent } from './define-event';

/**
 * The entity as written, with at least its id and path. Deliberately permissive (other fields pass
 * through untouched) until the entity contract tightens it.
 */
export const entitySnapshotSchema = z.looseObject({ id: z.uuid(), path: ltreePathSchema });
export type EntitySnapshot = z.infer<typeof entitySnapshotSchema>;

const entityPayload = { entity_id: z.uuid(), entity: entitySnapshotSchema };

export const entityCreatedEventSchema = defineEvent('entity_created', entityPayload);
export const entityUpdatedEventSchema = defineEvent('entity_updated', entityPayload);
/** One event for the moved subtree's root; `entity.path` is the new path, descendants follow it. */
export const entityMovedEventSchema = defineEvent('entity_moved', { ...entityPayload, previous_path: ltreePathSchema });
/** `entity` is the last state before deletion. */
export const entityDeletedEventSchema = defineEvent('entity_deleted', entityPayload);

export type EntityCreatedEvent = z.infer<typeof entityCreatedEventSchema>;
export type EntityUpdatedEvent = z.infer<typeof entityUpdatedEventSchema>;
export type EntityMovedEvent = z.infer<typeof entityMovedEventSchema>;
export type EntityDeletedEvent = z.infer<typeof entityDeletedEventSchema>;
