import { z } from 'zod';
import { consistencyTokenSchema } from '../consistency/consistency-token';
import { entityTypeSchema } from '../entities/entity-fields.schema';
import { lqueryPatternSchema } from '../ltree/lquery-pattern.schema';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, paginationQuerySchema } from '../pagination/pagination-query.schema';
import { queryIntegerSchema } from '../query/query-integer.schema';
import { storableTextSchema } from '../text/storable-text';

/** `?consistency_token=` from an entity-service write: the read waits (≤ 1 s) until that write is applied. */
const consistency = { consistency_token: consistencyTokenSchema.optional() };

export const hierarchyPathParamsSchema = z.object({ path: ltreePathSchema });

export const hierarchyReadQuerySchema = z.object(consistency);

export const hierarchyRootsQuerySchema = paginationQuerySchema.extend(consistency);

export const hierarchyChildrenQuerySchema = paginationQuerySchema.extend({ entity_type: entityTypeSchema.optional(), ...consistency });

export const MAX_DESCENDANT_DEPTH = 10;

export const hierarchyDescendantsQuerySchema = hierarchyChildrenQuerySchema.extend({
  max_depth: queryIntegerSchema('max_depth', 1, MAX_DESCENDANT_DEPTH).optional(),
});

/** `q` (case-insensitive name prefix) or `lquery`, exactly one. */
export const hierarchySearchQuerySchema = z
  .object({
    q: storableTextSchema.min(1).max(256).optional(),
    lquery: lqueryPatternSchema.optional(),
    limit: queryIntegerSchema('limit', 1, MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
    ...consistency,
  })
  .refine((query) => (query.q === undefined) !== (query.lquery === undefined), { error: 'give exactly one of q and lquery' });

export type HierarchySearchQuery = z.infer<typeof hierarchySearchQuerySchema>;
