import { z } from 'zod';
import { entityTypeSchema } from '../entities/entity-fields.schema';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { nodeSchema } from './node.schema';

/** One Miller column: the siblings at a level (first page), with the one on the selected path marked. */
export const hierarchyColumnSchema = z.object({
  depth: z.number().int().min(1),
  parent_path: ltreePathSchema.nullable(),
  items: z.array(nodeSchema.extend({ selected: z.boolean() })),
  next_cursor: z.string().min(1).nullable(),
  has_more: z.boolean(),
});

/** GET /api/v1/hierarchy/columns/{path}: a column per level from the root to `path`, then its children. */
export const hierarchyColumnsSchema = z.object({ path: ltreePathSchema, columns: z.array(hierarchyColumnSchema) });

/** GET /api/v1/hierarchy/stats. */
export const hierarchyStatsSchema = z.object({
  total_nodes: z.number().int().nonnegative(),
  nodes_by_depth: z.record(z.string(), z.number().int().nonnegative()),
  nodes_by_type: z.record(entityTypeSchema, z.number().int().nonnegative()),
  /** Read-model lag: events published but not yet applied. */
  lag_events: z.number().int().nonnegative(),
  /** Hit rate in [0, 1] per cache tier (e.g. `memory`, `redis`). */
  cache_hit_rates: z.record(z.string(), z.number().min(0).max(1)),
});

export type HierarchyColumns = z.infer<typeof hierarchyColumnsSchema>;
export type HierarchyStats = z.infer<typeof hierarchyStatsSchema>;
