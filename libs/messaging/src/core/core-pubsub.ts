import { context } from '@opentelemetry/api';
import type { Msg, Subscription } from 'nats';
import type { z } from 'zod';
import type { NatsDependency } from '../connection/nats.dependency';
import { InvalidMessageError } from '../errors/messaging.errors';
import { parseMessage } from '../events/json-codec';
import { extractTraceContext, headerValue, outgoingHeaders, REQUEST_ID_HEADER } from '../tracing/message-headers';

export interface CoreMessageMeta {
  readonly subject: string;
  readonly requestId: string | undefined;
}

export type CoreHandler<T> = (payload: T, meta: CoreMessageMeta) => void | Promise<void>;

export interface CoreSubscription {
  readonly subject: string;
  /** Stops delivery at once. */
  unsubscribe(): void;
  /** Stops delivery after the messages already received were handled. */
  drain(): Promise<void>;
}

export function publishCore<S extends z.ZodType>(
  nats: NatsDependency,
  subject: string,
  payload: z.input<S>,
  schema: S,
  requestId?: string,
): void {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new InvalidMessageError(`message for ${subject}`, parsed.error);
  nats.connection.publish(subject, JSON.stringify(parsed.data), { headers: outgoingHeaders(requestId) });
}

/**
 * Subscribes without a queue group (every instance gets every message, as cache invalidation
 * needs). Invalid messages and handler failures are logged and dropped: core NATS has no
 * redelivery, and one bad message must not stop the subscription.
 */
export function subscribeCore<T>(
  nats: NatsDependency,
  subject: string,
  schema: z.ZodType<T>,
  handler: CoreHandler<T>,
): CoreSubscription {
  const logger = nats.logger.child({ subject });
  const onMessage = async (msg: Msg): Promise<void> => {
    const requestId = headerValue(msg.headers, REQUEST_ID_HEADER);
    const parsed = parseMessage(msg.data, schema);
    if (!parsed.ok) {
      logger.warn({ requestId, reason: parsed.reason }, 'dropped an invalid core message');
      return;
    }
    try {
      await context.with(extractTraceContext(msg.headers), () => handler(parsed.value, { subject: msg.subject, requestId }));
    } catch (error: unknown) {
      logger.error({ requestId, err: error }, 'core message handler failed');
    }
  };
  const subscription: Subscription = nats.connection.subscribe(subject, {
    callback: (error, msg) => {
      if (error) {
        logger.error({ err: error }, 'core subscription error');
        return;
      }
      void onMessage(msg);
    },
  });
  return {
    subject,
    unsubscribe: () => subscription.unsubscribe(),
    drain: () => subscription.drain(),
  };
}
