import { z } from 'zod';
import { geometrySchema } from '../geometry/geometry.schema';
import { ltreeKeySchema } from '../ltree/ltree-key.schema';
import { confidenceScoreSchema, entityDescriptionSchema, entityMetadataSchema, entityNameSchema, entityTypeSchema } from './entity-fields.schema';

/** POST /api/v1/entities; `key` defaults to a slug of the name. */
export const createEntityBodySchema = z.strictObject({
  name: entityNameSchema,
  entity_type: entityTypeSchema,
  key: ltreeKeySchema.optional(),
  description: entityDescriptionSchema.nullable().optional(),
  parent_id: z.uuid().nullable().optional(),
  location: geometrySchema.nullable().optional(),
  metadata: entityMetadataSchema.optional(),
  confidence_score: confidenceScoreSchema.nullable().optional(),
});

/** PATCH /api/v1/entities/{id}: a JSON merge patch of the writable fields (null clears a nullable one). */
export const updateEntityBodySchema = createEntityBodySchema
  .omit({ parent_id: true })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { error: 'the patch must change at least one field' });

/** POST /api/v1/entities/{id}/move: `null` makes the entity a root. */
export const moveEntityBodySchema = z.strictObject({ parent_id: z.uuid().nullable() });

export type CreateEntityBody = z.infer<typeof createEntityBodySchema>;
export type UpdateEntityBody = z.infer<typeof updateEntityBodySchema>;
export type MoveEntityBody = z.infer<typeof moveEntityBodySchema>;
