import { z } from 'zod';
import { entityTypeSchema } from '../entities/entity-fields.schema';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { pageSchema } from '../pagination/page.schema';
import { paginationQuerySchema } from '../pagination/pagination-query.schema';
import { MAX_DESCENDANT_DEPTH } from './hierarchy-queries.schema';
import { ancestorSchema, nodeSchema, nodeWithAncestorsSchema } from './node.schema';

/** Request/reply has no gateway identity: the caller names the workspace, and answers never leave it. */
const scoped = { workspace_id: z.uuid(), path: ltreePathSchema };

/** `rpc.hierarchy.node` → the node with its ancestors (404 envelope when absent). */
export const hierarchyNodeRequestSchema = z.object(scoped);
export const hierarchyNodeResponseSchema = nodeWithAncestorsSchema;

/** `rpc.hierarchy.ancestors` → the node's ancestors, root first (the node itself excluded). */
export const hierarchyAncestorsRequestSchema = z.object(scoped);
export const hierarchyAncestorsResponseSchema = z.object({ items: z.array(ancestorSchema) });

/** `rpc.hierarchy.descendants` → a page of descendants in path order (`max_depth` relative). */
export const hierarchyDescendantsRequestSchema = paginationQuerySchema.extend({
  ...scoped,
  max_depth: z.number().int().min(1).max(MAX_DESCENDANT_DEPTH).optional(),
  entity_type: entityTypeSchema.optional(),
});
export const hierarchyDescendantsResponseSchema = pageSchema(nodeSchema);

export type HierarchyNodeRequest = z.infer<typeof hierarchyNodeRequestSchema>;
export type HierarchyAncestorsRequest = z.infer<typeof hierarchyAncestorsRequestSchema>;
export type HierarchyDescendantsRequest = z.infer<typeof hierarchyDescendantsRequestSchema>;
