import { NatsDependency } from '@forecastin/messaging';
import { eventually } from '@forecastin/testing';
import type { EntityServiceHarness } from './entity-service.harness';

export interface StoredEvent {
  subject: string;
  msgId: string | undefined;
  requestId: string | undefined;
  event: Record<string, unknown>;
}

/** Every message in the harness's events stream, in stream order (read by sequence, nothing consumed). */
export async function streamEvents(harness: EntityServiceHarness): Promise<StoredEvent[]> {
  const jsm = await harness.service.app.get(NatsDependency).jetstreamManager();
  const { state } = await jsm.streams.info(harness.eventsStream);
  const events: StoredEvent[] = [];
  for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq += 1) {
    const message = await jsm.streams.getMessage(harness.eventsStream, { seq });
    events.push({
      subject: message.subject,
      msgId: message.header?.get('Nats-Msg-Id'),
      requestId: message.header?.get('x-request-id'),
      event: message.json<Record<string, unknown>>(),
    });
  }
  return events;
}

/** Waits (bounded) until `accept` holds for the stream's events; returns them. Read failures (NATS reconnecting) are retried. */
export function eventsWhen(harness: EntityServiceHarness, accept: (events: StoredEvent[]) => boolean, timeoutMs = 10_000): Promise<StoredEvent[]> {
  return eventually(async () => {
    const events = await streamEvents(harness);
    if (!accept(events)) throw new Error(`stream never matched; it holds ${events.length} events`);
    return events;
  }, timeoutMs);
}
