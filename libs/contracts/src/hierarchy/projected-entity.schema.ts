import { z } from 'zod';
import { entitySchema } from '../entities/entity.schema';
import { ltreePathSchema } from '../ltree/ltree-path.schema';

/**
 * The part of an entity event's snapshot the hierarchy read model keeps. Parent and counts are not
 * taken from the event: the read model derives them from paths, so it stays exact on its own.
 */
export const projectedEntitySchema = entitySchema.pick({ id: true, key: true, name: true, entity_type: true, path: true, version: true });

/** An `entity_moved` event's extra field the projection needs: where the subtree was. */
export const projectedMoveSchema = z.object({ previous_path: ltreePathSchema });

export type ProjectedEntity = z.infer<typeof projectedEntitySchema>;
