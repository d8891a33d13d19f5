import { z } from 'zod';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { paginationQuerySchema } from '../pagination/pagination-query.schema';
import { metricNameSchema } from '../scenarios/assumption.schema';

export const MAX_OBSERVATION_POINTS = 10_000;

export const observationPointSchema = z.object({ t: z.iso.datetime(), value: z.number() });

/** One series of a batch: addressed by `entity_id` or by `path`, exactly one. */
export const observationSeriesInputSchema = z
  .strictObject({
    entity_id: z.uuid().optional(),
    path: ltreePathSchema.optional(),
    metric: metricNameSchema,
    points: z.array(observationPointSchema).min(1),
  })
  .refine((series) => (series.entity_id === undefined) !== (series.path === undefined), { error: 'give exactly one of entity_id and path' });

/** POST /api/v1/observations: upsert by (entity, metric, t); at most 10,000 points per batch. */
export const observationBatchBodySchema = z
  .strictObject({ items: z.array(observationSeriesInputSchema).min(1) })
  .refine((batch) => batch.items.reduce((sum, series) => sum + series.points.length, 0) <= MAX_OBSERVATION_POINTS, {
    error: `a batch holds at most ${MAX_OBSERVATION_POINTS} points`,
  });

export const observationBatchResultSchema = z.object({ upserted: z.number().int().nonnegative() });

/** One stored observation, as GET /api/v1/observations lists them. */
export const observationSchema = z.object({ entity_id: z.uuid(), path: ltreePathSchema, metric: metricNameSchema, t: z.iso.datetime(), value: z.number() });

export const observationListQuerySchema = paginationQuerySchema.extend({
  path: ltreePathSchema.optional(),
  metric: metricNameSchema.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});

export type ObservationBatchBody = z.infer<typeof observationBatchBodySchema>;
export type Observation = z.infer<typeof observationSchema>;
