import type { Msg } from 'nats';
import { z } from 'zod';
import { NatsPublishError } from '../errors/messaging.errors';
import type { PublishOutcome } from './publish-events';

/** JetStream's answer to a publish: `{stream, seq, duplicate?}` or `{error: {code, description}}`. */
const publishAckSchema = z.union([
  z.object({ stream: z.string(), seq: z.number().int().nonnegative(), duplicate: z.boolean().optional() }),
  z.object({ error: z.object({ code: z.number(), description: z.string().optional() }) }),
]);

/** Reads the reply of one publish: a status (503: no stream captures the subject), an API error, or the ack. */
export function parsePublishAck(msg: Msg, expectedStream: string): PublishOutcome {
  if (msg.headers?.hasError) {
    const reason = msg.headers.code === 503 ? 'no stream captures this subject (no responders)' : `status ${msg.headers.code} ${msg.headers.description}`;
    return { ok: false, error: new NatsPublishError(reason) };
  }
  let body: unknown;
  try {
    body = JSON.parse(msg.string());
  } catch {
    return { ok: false, error: new NatsPublishError('JetStream answered the publish with something that is not JSON') };
  }
  const ack = publishAckSchema.safeParse(body);
  if (!ack.success) return { ok: false, error: new NatsPublishError('JetStream answered the publish with an unknown shape') };
  if ('error' in ack.data) return { ok: false, error: new NatsPublishError(`JetStream refused the event: ${ack.data.error.code} ${ack.data.error.description ?? ''}`.trim()) };
  if (ack.data.stream !== expectedStream) return { ok: false, error: new NatsPublishError(`stored in stream ${ack.data.stream}, not ${expectedStream}`) };
  return { ok: true, seq: ack.data.seq };
}
