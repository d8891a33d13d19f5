import { z } from 'zod';

/** One map layer per entity type: `entities.<entity_type>` (entity types use the key charset). */
export const LAYER_ID_PATTERN = /^entities\.[a-z0-9_]{1,63}$/;

export const layerIdSchema = z.string().regex(LAYER_ID_PATTERN, { error: 'layer id must be entities.<entity_type>' });
export type LayerId = z.infer<typeof layerIdSchema>;

export function layerIdFor(entityType: string): LayerId {
  return layerIdSchema.parse(`entities.${entityType}`);
}
