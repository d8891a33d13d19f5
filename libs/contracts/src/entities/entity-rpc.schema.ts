import { z } from 'zod';
import { entitySchema } from './entity.schema';

/** Most ids one `rpc.entity.batch_get` may ask for (one page of the public list). */
export const MAX_ENTITY_BATCH_IDS = 1000;

/** `rpc.entity.get`: internal callers name the workspace; an entity of another one is "not found". */
export const entityGetRequestSchema = z.strictObject({ workspace_id: z.uuid(), id: z.uuid() });
export const entityGetResponseSchema = entitySchema;

/** `rpc.entity.batch_get`: found entities in the order asked (duplicates once), the rest in `missing`. */
export const entityBatchGetRequestSchema = z.strictObject({
  workspace_id: z.uuid(),
  ids: z.array(z.uuid()).min(1).max(MAX_ENTITY_BATCH_IDS),
});
export const entityBatchGetResponseSchema = z.object({ items: z.array(entitySchema), missing: z.array(z.uuid()) });

export type EntityGetRequest = z.infer<typeof entityGetRequestSchema>;
export type EntityBatchGetRequest = z.infer<typeof entityBatchGetRequestSchema>;
export type EntityBatchGetResponse = z.infer<typeof entityBatchGetResponseSchema>;
