import { z } from 'zod';
import { geometrySchema } from '../geometry/geometry.schema';
import { ltreeKeySchema } from '../ltree/ltree-key.schema';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { confidenceScoreSchema, entityDescriptionSchema, entityMetadataSchema, entityNameSchema, entityTypeSchema } from './entity-fields.schema';

/** An entity as entity-service returns it (API.md "Entities"). */
export const entitySchema = z.object({
  id: z.uuid(),
  name: entityNameSchema,
  key: ltreeKeySchema,
  entity_type: entityTypeSchema,
  description: entityDescriptionSchema.nullable(),
  parent_id: z.uuid().nullable(),
  path: ltreePathSchema,
  path_depth: z.number().int().min(1),
  location: geometrySchema.nullable(),
  metadata: entityMetadataSchema,
  confidence_score: confidenceScoreSchema.nullable(),
  children_count: z.number().int().nonnegative(),
  version: z.number().int().min(1),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export type Entity = z.infer<typeof entitySchema>;
