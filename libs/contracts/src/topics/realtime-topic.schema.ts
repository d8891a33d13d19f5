import { z } from 'zod';
import { flagKeySchema } from '../flags/flag-key.schema';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { layerIdSchema } from './layer-id.schema';

/** The realtime topic kinds a client can subscribe to and an event is published under (API.md "Realtime"). */
export const FLAGS_TOPIC = 'flags';

const uuidSchema = z.uuid();
// A Map, not an object literal: a topic like `constructor:x` must not find Object.prototype members.
const TOPIC_VALUE_SCHEMAS: ReadonlyMap<string, z.ZodType<string>> = new Map<string, z.ZodType<string>>([
  ['hierarchy', ltreePathSchema],
  ['entity', uuidSchema],
  ['layer', layerIdSchema],
  ['flag', flagKeySchema],
  ['scenario', uuidSchema],
]);

/** `hierarchy:<path>`, `entity:<id>`, `layer:<layer_id>`, `flags`, `flag:<key>` or `scenario:<id>`. */
export const realtimeTopicSchema = z
  .string()
  .min(1)
  .max(2200)
  .check((ctx) => {
    if (ctx.value === FLAGS_TOPIC) return;
    const separator = ctx.value.indexOf(':');
    const valueSchema = separator > 0 ? TOPIC_VALUE_SCHEMAS.get(ctx.value.slice(0, separator)) : undefined;
    if (!valueSchema || !valueSchema.safeParse(ctx.value.slice(separator + 1)).success) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: 'topic must be flags, or hierarchy:<path>, entity:<id>, layer:<layer_id>, flag:<key>, scenario:<id>',
      });
    }
  });

export type RealtimeTopic = z.infer<typeof realtimeTopicSchema>;

export const hierarchyTopic = (path: string): RealtimeTopic => realtimeTopicSchema.parse(`hierarchy:${path}`);
export const entityTopic = (entityId: string): RealtimeTopic => realtimeTopicSchema.parse(`entity:${entityId}`);
export const layerTopic = (layerId: string): RealtimeTopic => realtimeTopicSchema.parse(`layer:${layerId}`);
export const flagTopic = (flagKey: string): RealtimeTopic => realtimeTopicSchema.parse(`flag:${flagKey}`);
export const scenarioTopic = (scenarioId: string): RealtimeTopic => realtimeTopicSchema.parse(`scenario:${scenarioId}`);
