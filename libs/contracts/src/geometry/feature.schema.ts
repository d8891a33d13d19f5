import { z } from 'zod';
import { geometrySchema } from './geometry.schema';

/** A GeoJSON Feature as carried by `layer_update` events (geometry may be null for entities without a location). */
export const featureSchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string().min(1).max(128), z.number().int()]).optional(),
  geometry: geometrySchema.nullable(),
  properties: z.record(z.string(), z.unknown()).nullable(),
});

export type Feature = z.infer<typeof featureSchema>;
