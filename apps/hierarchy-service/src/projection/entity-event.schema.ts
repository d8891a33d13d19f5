import { z } from 'zod';
import {
  entityCreatedEventSchema,
  entityDeletedEventSchema,
  entityMovedEventSchema,
  entityUpdatedEventSchema,
  projectedEntitySchema,
  projectedMoveSchema,
} from '@forecastin/contracts';

/**
 * What the read-model consumer accepts: the contract's entity events, with the snapshot fields the
 * projection needs required. Anything else is malformed and parked by the consumer at once (a
 * missing name can never succeed on a retry).
 */
const snapshot = { entity: projectedEntitySchema.loose() };

export const projectedEntityEventSchema = z.discriminatedUnion('type', [
  entityCreatedEventSchema.extend(snapshot),
  entityUpdatedEventSchema.extend(snapshot),
  entityMovedEventSchema.extend({ ...snapshot, ...projectedMoveSchema.shape }),
  entityDeletedEventSchema.extend(snapshot),
]);

export type ProjectedEntityEvent = z.infer<typeof projectedEntityEventSchema>;
