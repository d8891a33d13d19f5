import type { ErrorDetail } from '@forecastin/contracts';
import type { JsMsg } from 'nats';
import type { NatsDependency } from '../connection/nats.dependency';
import { outgoingHeaders } from '../tracing/message-headers';

/** Body of a message parked on `dlq.<durable>`: the original plus why it could not be processed. */
export interface DeadLetter {
  readonly durable: string;
  readonly reason: string;
  readonly details: ErrorDetail[];
  readonly original_subject: string;
  readonly stream_sequence: number;
  readonly delivery_count: number;
  readonly parked_at: string;
  /** The original body: UTF-8 text when it decodes, base64 otherwise. */
  readonly body: string;
  readonly body_encoding: 'utf8' | 'base64';
}

function encodeBody(data: Uint8Array): Pick<DeadLetter, 'body' | 'body_encoding'> {
  try {
    return { body: new TextDecoder('utf-8', { fatal: true }).decode(data), body_encoding: 'utf8' };
  } catch {
    return { body: Buffer.from(data).toString('base64'), body_encoding: 'base64' };
  }
}

/**
 * Stores a copy of `msg` on the dead-letter subject (in the events stream, so it is kept and can be
 * inspected or replayed), deduplicated per durable and stream sequence.
 */
export async function publishDeadLetter(
  nats: NatsDependency,
  durable: string,
  msg: JsMsg,
  reason: string,
  details: ErrorDetail[],
): Promise<void> {
  const letter: DeadLetter = {
    durable,
    reason,
    details,
    original_subject: msg.subject,
    stream_sequence: msg.info.streamSequence,
    delivery_count: msg.info.deliveryCount,
    parked_at: new Date().toISOString(),
    ...encodeBody(msg.data),
  };
  const requestId = msg.headers?.has('x-request-id') ? msg.headers.get('x-request-id') : undefined;
  await nats.jetstream().publish(nats.subjects.deadLetter(durable), JSON.stringify(letter), {
    msgID: `${durable}:${msg.info.streamSequence}`,
    headers: outgoingHeaders(requestId),
    expect: { streamName: nats.eventsStream },
  });
}
