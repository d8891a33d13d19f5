import { z } from 'zod';
import { entityNameSchema, entityTypeSchema } from '../entities/entity-fields.schema';
import { ltreeKeySchema } from '../ltree/ltree-key.schema';
import { ltreePathSchema } from '../ltree/ltree-path.schema';

/** A node of the hierarchy read model (API.md "Hierarchy"). */
export const nodeSchema = z.object({
  id: z.uuid(),
  path: ltreePathSchema,
  key: ltreeKeySchema,
  name: entityNameSchema,
  entity_type: entityTypeSchema,
  path_depth: z.number().int().min(1),
  children_count: z.number().int().nonnegative(),
  descendant_count: z.number().int().nonnegative(),
});

/** An ancestor in a node's breadcrumb, root first. */
export const ancestorSchema = nodeSchema.pick({ id: true, path: true, key: true, name: true });

/** GET /api/v1/hierarchy/nodes/{path}. */
export const nodeWithAncestorsSchema = nodeSchema.extend({ ancestors: z.array(ancestorSchema) });

export type Node = z.infer<typeof nodeSchema>;
export type Ancestor = z.infer<typeof ancestorSchema>;
export type NodeWithAncestors = z.infer<typeof nodeWithAncestorsSchema>;
