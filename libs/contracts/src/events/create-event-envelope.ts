import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { API_VERSION } from '../version/api-version.constants';
import type { EventSchema } from './define-event';

/** Everything the producer supplies; version, event_id, timestamp and type are filled in. */
export type EventFields<S extends EventSchema> = Omit<z.input<S>, 'version' | 'event_id' | 'timestamp' | 'type'>;

export interface CreateEventOptions {
  /** Defaults to a random uuid; pass one to make an outbox retry publish the same id. */
  eventId?: string;
  now?: Date;
}

/** Builds and validates an event; throws a ZodError when the fields do not match the event's schema. */
export function createEventEnvelope<S extends EventSchema>(
  schema: S,
  fields: EventFields<S>,
  options: CreateEventOptions = {},
): z.output<S> {
  return schema.parse({
    ...fields,
    version: API_VERSION,
    event_id: options.eventId ?? randomUUID(),
    timestamp: (options.now ?? new Date()).toISOString(),
    type: schema.shape.type.value,
  });
}
