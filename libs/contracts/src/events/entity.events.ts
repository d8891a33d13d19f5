import { z } from 'zod';
import { entitySchema } from '../entities/entity.schema';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { defineEvent } from './define-event';

/**
 * The entity as it is after the write (for `entity_deleted`: its last state before deletion): the
 * full API `Entity` resource, so consumers never need to call back for fields they project.
 */
export const entitySnapshotSchema = entitySchema;
export type EntitySnapshot = z.infer<typeof entitySnapshotSchema>;

const entityPayload = { entity_id: z.uuid(), entity: entitySnapshotSchema };

/** Entities in a subtree, its root included. */
const subtreeSizeSchema = z.number().int().min(1);

export const entityCreatedEventSchema = defineEvent('entity_created', entityPayload);
/** Fields changed, the path did not (a key rename is an `entity_moved`). */
export const entityUpdatedEventSchema = defineEvent('entity_updated', entityPayload);
/**
 * A move or a key rename: one event for the subtree's root; `entity.path` is the new path.
 * Descendants are not sent one by one: a consumer rewrites every path under `previous_path`.
 */
export const entityMovedEventSchema = defineEvent('entity_moved', {
  ...entityPayload,
  previous_path: ltreePathSchema,
  previous_parent_id: z.uuid().nullable(),
  subtree_size: subtreeSizeSchema,
});
/** `entity` is the last state before deletion; with `cascade` the whole subtree under `entity.path` is gone. */
export const entityDeletedEventSchema = defineEvent('entity_deleted', { ...entityPayload, subtree_size: subtreeSizeSchema });

export type EntityCreatedEvent = z.infer<typeof entityCreatedEventSchema>;
export type EntityUpdatedEvent = z.infer<typeof entityUpdatedEventSchema>;
export type EntityMovedEvent = z.infer<typeof entityMovedEventSchema>;
export type EntityDeletedEvent = z.infer<typeof entityDeletedEventSchema>;
