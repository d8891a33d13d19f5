import { SpanKind, withSpan } from '@forecastin/observability';
import { eventSubjectFor, platformEventSchema, type EventEnvelope } from '@forecastin/contracts';
import { createInbox, type Msg } from 'nats';
import type { z } from 'zod';
import type { NatsDependency } from '../connection/nats.dependency';
import { InvalidMessageError, NatsPublishError } from '../errors/messaging.errors';
import { headersFromFields, outgoingHeaderFields, REQUEST_ID_HEADER } from '../tracing/message-headers';
import { parsePublishAck } from './publish-ack';

export interface PublishEventsOptions {
  /** Schema to validate every envelope against; defaults to contracts' platformEventSchema. */
  readonly schema?: z.ZodType<EventEnvelope>;
  /** One bound for the whole batch; defaults to the connection's request timeout. */
  readonly timeoutMs?: number;
}

/** Per envelope, in order: its stream sequence, or why JetStream did not store it. */
export type PublishOutcome = { readonly ok: true; readonly seq: number } | { readonly ok: false; readonly error: Error };

/**
 * Publishes many events to the events stream at once, each validated, with `Nats-Msg-Id = event_id`
 * and the expected stream, like `publishEvent` — but as core publishes sharing one reply inbox,
 * one timer and one span, so a batch costs one round of acks instead of a request (with its own
 * timer, error object and span) per event. Never rejects for one event's failure: each outcome
 * says what happened to its event; an invalid envelope throws before anything is sent.
 */
export async function publishEvents(
  nats: NatsDependency,
  envelopes: readonly EventEnvelope[],
  options: PublishEventsOptions = {},
): Promise<PublishOutcome[]> {
  const schema = options.schema ?? platformEventSchema;
  const events = envelopes.map((envelope) => {
    const parsed = schema.safeParse(envelope);
    if (!parsed.success) throw new InvalidMessageError('event envelope', parsed.error);
    return parsed.data;
  });
  if (events.length === 0) return [];
  const connection = nats.connection;
  return withSpan(
    `publish ${events.length} events`,
    { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'nats', 'messaging.batch.message_count': events.length } },
    () =>
      new Promise<PublishOutcome[]>((resolve) => {
        const outcomes: Array<PublishOutcome | undefined> = events.map(() => undefined);
        let pending = events.length;
        const finish = () => {
          clearTimeout(timer);
          subscription.unsubscribe();
          resolve(outcomes.map((outcome) => outcome ?? { ok: false, error: new NatsPublishError('no acknowledgement from JetStream in time') }));
        };
        const settle = (index: number, outcome: PublishOutcome) => {
          if (outcomes[index] !== undefined) return;
          outcomes[index] = outcome;
          pending -= 1;
          if (pending === 0) finish();
        };
        const timer = setTimeout(finish, options.timeoutMs ?? nats.requestTimeoutMs);
        const inbox = createInbox();
        // Declared after finish/settle, which only run once a reply or the timer arrives (never synchronously).
        const subscription = connection.subscribe(`${inbox}.*`, {
          callback: (error: Error | null, msg: Msg) => {
            const index = Number(msg.subject.slice(inbox.length + 1));
            if (!Number.isInteger(index) || index < 0 || index >= events.length) return;
            settle(index, error ? { ok: false, error } : parsePublishAck(msg, nats.eventsStream));
          },
        });
        // Every event goes out in this span: its trace context is injected once for the batch.
        const traceFields = outgoingHeaderFields(undefined, { 'Nats-Expected-Stream': nats.eventsStream });
        events.forEach((event, index) => {
          const headers = headersFromFields(traceFields);
          headers.set('Nats-Msg-Id', event.event_id);
          headers.set(REQUEST_ID_HEADER, event.correlation_id);
          try {
            connection.publish(eventSubjectFor(event, nats.subjectPrefix), JSON.stringify(event), { headers, reply: `${inbox}.${index}` });
          } catch (error: unknown) {
            settle(index, { ok: false, error: error instanceof Error ? error : new NatsPublishError(String(error)) });
          }
        });
      }),
  );
}
