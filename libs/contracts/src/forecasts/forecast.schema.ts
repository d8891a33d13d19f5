import { z } from 'zod';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { paginationQuerySchema } from '../pagination/pagination-query.schema';
import { queryIntegerSchema } from '../query/query-integer.schema';
import { metricNameSchema } from '../scenarios/assumption.schema';
import { MAX_DESCENDANT_DEPTH } from '../hierarchy/hierarchy-queries.schema';

export const forecastPointSchema = z.object({ t: z.iso.datetime(), value: z.number(), lower: z.number(), upper: z.number() });

/** One node's forecast; scenario forecasts add the `baseline` for comparison. */
export const forecastNodeSchema = z.object({
  path: ltreePathSchema,
  points: z.array(forecastPointSchema),
  baseline: z.array(forecastPointSchema).optional(),
});

export const MAX_FORECAST_HORIZON = 120;

/** GET /api/v1/forecasts/{path} and /api/v1/scenarios/{id}/forecast. */
export const forecastQuerySchema = paginationQuerySchema.extend({
  metric: metricNameSchema,
  horizon: queryIntegerSchema('horizon', 1, MAX_FORECAST_HORIZON).default(12),
  interval: z.enum(['month', 'quarter', 'year']).default('month'),
  reconciliation: z.enum(['bottom_up', 'top_down']).default('bottom_up'),
  max_depth: queryIntegerSchema('max_depth', 0, MAX_DESCENDANT_DEPTH).default(0),
});

export type ForecastNode = z.infer<typeof forecastNodeSchema>;
export type ForecastQuery = z.infer<typeof forecastQuerySchema>;
