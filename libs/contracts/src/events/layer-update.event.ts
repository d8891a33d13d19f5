import { z } from 'zod';
import { featureSchema } from '../geometry/feature.schema';
import { layerIdSchema } from '../topics/layer-id.schema';
import { defineEvent } from './define-event';

export const MAX_LAYER_FEATURES = 1000;

/** Map layer change (`layer:<layer_id>` subscribers): features added, updated or removed. */
export const layerUpdateEventSchema = defineEvent('layer_update', {
  layer_id: layerIdSchema,
  action: z.enum(['add', 'update', 'remove']),
  features: z.array(featureSchema).max(MAX_LAYER_FEATURES),
  affected_count: z.number().int().nonnegative(),
});

export type LayerUpdateEvent = z.infer<typeof layerUpdateEventSchema>;
