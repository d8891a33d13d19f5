import { z } from 'zod';
import { REQUEST_ID_PATTERN } from '../request-id/request-id.schema';
import { GLOBAL_WORKSPACE } from '../subjects/subject-names.constants';
import { realtimeTopicSchema } from '../topics/realtime-topic.schema';
import { API_VERSION } from '../version/api-version.constants';

export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** Fields every event carries; payload fields sit beside them at the top level (API.md "Event envelope"). */
export const eventEnvelopeShape = {
  version: z.literal(API_VERSION),
  event_id: z.uuid(),
  type: z.string().regex(EVENT_TYPE_PATTERN, { error: 'type must be snake_case' }),
  timestamp: z.iso.datetime({ error: 'timestamp must be an RFC 3339 UTC date-time' }),
  /** The request id (or causing event's id) this event descends from, for tracing across hops. */
  correlation_id: z.string().regex(REQUEST_ID_PATTERN, { error: 'correlation_id must be 1-128 characters of A-Za-z0-9._:-' }),
  workspace_id: z.union([z.uuid(), z.literal(GLOBAL_WORKSPACE)], { error: `workspace_id must be a uuid or "${GLOBAL_WORKSPACE}"` }),
  topic: realtimeTopicSchema,
};

export type EnvelopeField = keyof typeof eventEnvelopeShape;

/**
 * Any event, known type or not, with its payload fields kept: what a router (realtime, the outbox
 * relay) needs to forward events without knowing every payload.
 */
export const eventEnvelopeSchema = z.looseObject(eventEnvelopeShape);
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
