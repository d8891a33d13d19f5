import { z } from 'zod';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { paginationQuerySchema } from '../pagination/pagination-query.schema';
import { assumptionInputSchema } from './assumption.schema';
import { scenarioStatusSchema } from './scenario.schema';

export const MAX_ASSUMPTIONS = 1000;

/** POST /api/v1/scenarios. */
export const createScenarioBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(256),
  description: z.string().max(4096).nullable().optional(),
  scope_path: ltreePathSchema,
  status: scenarioStatusSchema.optional(),
  assumptions: z.array(assumptionInputSchema).max(MAX_ASSUMPTIONS).optional(),
});

/** PATCH /api/v1/scenarios/{id}: JSON merge patch of the writable fields. */
export const updateScenarioBodySchema = createScenarioBodySchema
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { error: 'the patch must change at least one field' });

/** POST /api/v1/scenarios/{id}/fork: the new draft's name, by default the parent's. */
export const forkScenarioBodySchema = z.strictObject({ name: z.string().trim().min(1).max(256).optional() });

export const scenarioListQuerySchema = paginationQuerySchema.extend({
  status: scenarioStatusSchema.optional(),
  scope_path: ltreePathSchema.optional(),
});

export const scenarioIdParamsSchema = z.object({ id: z.uuid() });

export type CreateScenarioBody = z.infer<typeof createScenarioBodySchema>;
export type UpdateScenarioBody = z.infer<typeof updateScenarioBodySchema>;
