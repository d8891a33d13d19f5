import { SpanKind, withSpan } from '@forecastin/observability';
import { eventSubjectFor, platformEventSchema, type EventEnvelope } from '@forecastin/contracts';
import type { z } from 'zod';
import type { NatsDependency } from '../connection/nats.dependency';
import { InvalidMessageError } from '../errors/messaging.errors';
import { outgoingHeaders } from '../tracing/message-headers';

export interface PublishEventOptions {
  /** Schema to validate against; defaults to contracts' platformEventSchema (every API.md event type, strictly). */
  readonly schema?: z.ZodType<EventEnvelope>;
  /** Wire subject; defaults to the route of the event's type (contracts' eventSubjectFor, prefixed). */
  readonly subject?: string;
  /** x-request-id header; defaults to the envelope's correlation_id. */
  readonly requestId?: string;
  readonly timeoutMs?: number;
}

/**
 * Validates the envelope and publishes it to the events stream with `Nats-Msg-Id = event_id`, so a
 * retried publish (outbox relay after a crash) is stored once. Resolves with the stream sequence
 * (of the first copy when this one was a duplicate).
 */
export async function publishEvent(
  nats: NatsDependency,
  envelope: EventEnvelope,
  options: PublishEventOptions = {},
): Promise<number> {
  const parsed = (options.schema ?? platformEventSchema).safeParse(envelope);
  if (!parsed.success) throw new InvalidMessageError('event envelope', parsed.error);
  const event = parsed.data;
  const subject = options.subject ?? eventSubjectFor(event, nats.subjectPrefix);
  return withSpan(
    `publish ${subject}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.message.id': event.event_id },
    },
    async (span) => {
      const ack = await nats.jetstream().publish(subject, JSON.stringify(event), {
        msgID: event.event_id,
        headers: outgoingHeaders(options.requestId ?? event.correlation_id),
        expect: { streamName: nats.eventsStream },
        timeout: options.timeoutMs ?? nats.requestTimeoutMs,
      });
      span.setAttribute('messaging.nats.stream_sequence', ack.seq);
      return ack.seq;
    },
  );
}
