import { z } from 'zod';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { paginationQuerySchema } from '../pagination/pagination-query.schema';
import { storableTextSchema } from '../text/storable-text';
import { entityTypeSchema } from './entity-fields.schema';

const NUMBER = String.raw`-?\d{1,3}(?:\.\d{1,12})?`;
const BBOX_PATTERN = new RegExp(`^${NUMBER},${NUMBER},${NUMBER},${NUMBER}$`);

export type Bbox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** The four numbers of a bbox string already accepted by `bboxSchema`. */
export function parseBbox(value: string): Bbox {
  const [minLon = 0, minLat = 0, maxLon = 0, maxLat = 0] = value.split(',').map(Number);
  return [minLon, minLat, maxLon, maxLat];
}

/**
 * `bbox=minLon,minLat,maxLon,maxLat` within the WGS84 bounds. Kept a string (no transform) so the
 * schema converts to JSON Schema in both directions; services call `parseBbox` after validation.
 */
export const bboxSchema = z
  .string()
  .regex(BBOX_PATTERN, { error: 'bbox must be minLon,minLat,maxLon,maxLat', abort: true })
  .refine(
    (value) => {
      const [minLon, minLat, maxLon, maxLat] = parseBbox(value);
      return minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90 && minLon <= maxLon && minLat <= maxLat;
    },
    { error: 'bbox must lie within longitude [-180, 180] and latitude [-90, 90], minimums first' },
  );

/** GET /api/v1/entities filters. */
export const entityListQuerySchema = paginationQuerySchema.extend({
  entity_type: entityTypeSchema.optional(),
  parent_id: z.uuid().optional(),
  path: ltreePathSchema.optional(),
  bbox: bboxSchema.optional(),
  q: storableTextSchema.min(1).max(256).optional(),
});

/** DELETE /api/v1/entities/{id}: children make it a 409 unless `cascade=true`. */
export const deleteEntityQuerySchema = z.object({ cascade: z.enum(['true', 'false']).default('false') });

export const entityIdParamsSchema = z.object({ id: z.uuid() });

export type EntityListQuery = z.infer<typeof entityListQuerySchema>;
