import type { Logger } from 'pino';
import { context, SpanKind, trace, type Context, type SpanOptions } from '@opentelemetry/api';
import { recordError } from '@forecastin/observability';
import type { ConsumerMessages, JsMsg } from 'nats';
import type { z } from 'zod';
import type { NatsDependency } from '../connection/nats.dependency';
import { extractTraceContext, headerValue, REQUEST_ID_HEADER } from '../tracing/message-headers';
import { ensureEventConsumer } from './event-consumer.config';
import { publishDeadLetter } from './dead-letter';
import { parseMessage } from './json-codec';
import { retryDelayMs, type RetryDelay } from './retry-delay';

export interface EventMeta {
  /** Position in the stream: idempotent consumers store it with their change and skip what they have. */
  readonly streamSequence: number;
  readonly subject: string;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
  readonly requestId: string | undefined;
}

export type EventHandler<T> = (event: T, meta: EventMeta) => Promise<void>;

/**
 * What a batch handler may hand back: work that must succeed before the batch is acknowledged but
 * that the next batch need not wait for (e.g. cache invalidation after a commit). The next batch is
 * handed over while it runs; at most one batch waits on its completion at a time, batches are
 * acknowledged in order, and a completion that rejects fails its batch like a handler error (each
 * event redelivered with backoff, parked after the last delivery), so the handler must treat a
 * redelivery of already-handled events as a request to redo that work.
 */
export interface BatchCompletion {
  readonly completed: Promise<void>;
}

/** Several events in stream order, handled together (e.g. one database transaction); acked together. */
export type BatchEventHandler<T> = (batch: ReadonlyArray<{ readonly event: T; readonly meta: EventMeta }>) => Promise<void | BatchCompletion>;

export interface ConsumeEventsOptions<T> {
  /** Durable consumer name (one per consuming purpose, shared by every instance of the service). */
  readonly durable: string;
  /** Wire subjects, built with `nats.subjects`. */
  readonly filterSubjects: readonly string[];
  readonly schema: z.ZodType<T>;
  /** One event at a time. Give exactly one of `handler` and `batchHandler`. */
  readonly handler?: EventHandler<T>;
  /**
   * The events already received (up to `batchSize`, in stream order) at once: a backlog is handled
   * in batches, a lone event alone (no waiting for a batch to fill). When a batch fails, its events
   * are retried one by one, so a failing event is retried and parked alone.
   */
  readonly batchHandler?: BatchEventHandler<T>;
  /** Deliveries before a failing message is parked on the dead-letter subject. Default 5. */
  readonly maxDeliver?: number;
  /** Time a delivery may stay unacknowledged before the server redelivers it. Default 30 s. */
  readonly ackWaitMs?: number;
  /** Delay before redelivering after a handler failure. Default 1 s doubling to 30 s. */
  readonly retryDelay?: RetryDelay;
  /** Where a new durable starts: the whole stream (default) or only events published from now on. */
  readonly deliverPolicy?: 'all' | 'new';
  /** Messages pulled per batch (also the bound on what is buffered in memory). Default 16. */
  readonly batchSize?: number;
  readonly logger?: Logger;
}

export interface EventConsumer {
  readonly durable: string;
  /** Stops pulling, lets the message in progress finish, and hands buffered ones back at once. */
  stop(): Promise<void>;
  /** Resolves once the loop has ended (after stop(), or if the consumer was deleted server-side). */
  readonly stopped: Promise<void>;
}

/**
 * A durable JetStream pull consumer processing one message at a time, in stream order.
 * valid + handler ok → ack; handler throws → nak with backoff, parked after `maxDeliver` deliveries;
 * malformed (not JSON, or not matching `schema`) → parked at once (term + copy on `dlq.<durable>`).
 * Nothing a message does can end the loop.
 */
export async function consumeEvents<T>(nats: NatsDependency, options: ConsumeEventsOptions<T>): Promise<EventConsumer> {
  const logger = (options.logger ?? nats.logger).child({ durable: options.durable });
  if ((options.handler === undefined) === (options.batchHandler === undefined)) throw new TypeError('consumeEvents needs exactly one of handler and batchHandler');
  const maxDeliver = options.maxDeliver ?? 5;
  await ensureEventConsumer(
    await nats.jetstreamManager(),
    {
      stream: nats.eventsStream,
      durable: options.durable,
      filterSubjects: options.filterSubjects,
      maxDeliver,
      ackWaitMs: options.ackWaitMs ?? 30_000,
      deliverPolicy: options.deliverPolicy ?? 'all',
      maxAckPending: Math.max(options.batchSize ?? 16, 1) * 4,
    },
    logger,
  );
  const consumer = await nats.jetstream().consumers.get(nats.eventsStream, options.durable);
  const messages = await consumer.consume({ max_messages: options.batchSize ?? 16 });
  void logConsumerStatus(messages, logger);

  const processor = new MessageProcessor(nats, options, maxDeliver, logger);
  let stopping = false;
  const stopped = (async () => {
    if (options.batchHandler) {
      await drainInBatches(messages, options.batchSize ?? 16, () => stopping, processor, logger);
      return;
    }
    for await (const msg of messages) {
      if (stopping) {
        // Already pulled but not started: give it back now rather than after ack_wait.
        safely(() => msg.nak(), logger, 'nak');
        continue;
      }
      await processor.process(msg);
    }
  })().catch((error: unknown) => {
    logger.error({ err: error }, 'event consumer loop ended with an error');
  });

  return {
    durable: options.durable,
    stopped,
    async stop() {
      stopping = true;
      await messages.close();
      await stopped;
      // Acks are buffered publishes: push them out before the caller closes the connection.
      await nats.connection.flush().catch((error: unknown) => logger.warn({ err: error }, 'could not flush acks at stop'));
    },
  };
}

/**
 * Batch mode: one task moves received messages into a buffer, the loop hands over everything
 * buffered (up to `batchSize`) whenever it is free. Nothing waits for a batch to fill.
 */
async function drainInBatches<T>(
  messages: ConsumerMessages,
  batchSize: number,
  stopping: () => boolean,
  processor: MessageProcessor<T>,
  logger: Logger,
): Promise<void> {
  const buffer: JsMsg[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const pump = (async () => {
    try {
      for await (const msg of messages) {
        buffer.push(msg);
        wake?.();
      }
    } finally {
      ended = true;
      wake?.();
    }
  })();
  for (;;) {
    if (buffer.length === 0) {
      if (ended) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      continue;
    }
    const batch = buffer.splice(0, batchSize);
    if (stopping()) {
      for (const msg of batch) safely(() => msg.nak(), logger, 'nak');
      continue;
    }
    await processor.processBatch(batch);
  }
  await processor.settled();
  await pump;
}

class MessageProcessor<T> {
  private readonly tracer = trace.getTracer('messaging');
  private readonly retryDelay: RetryDelay;
  /** The previous batch's completion and its acks (or naks), when its handler returned one. */
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly nats: NatsDependency,
    private readonly options: ConsumeEventsOptions<T>,
    private readonly maxDeliver: number,
    private readonly logger: Logger,
  ) {
    this.retryDelay = options.retryDelay ?? { baseMs: 1000, maxMs: 30_000 };
  }

  async process(msg: JsMsg): Promise<void> {
    const meta = metaOf(msg);
    const log = this.logger.child({ streamSequence: meta.streamSequence, subject: meta.subject, requestId: meta.requestId });
    const parsed = parseMessage(msg.data, this.options.schema);
    if (!parsed.ok) {
      log.warn({ reason: parsed.reason }, 'parking a malformed event');
      await this.park(msg, parsed.reason, parsed.details, log);
      return;
    }
    await this.tracer.startActiveSpan(
      `process ${this.options.durable}`,
      this.spanOptions(meta),
      extractTraceContext(msg.headers),
      async (span) => {
        try {
          await this.handleOne(parsed.value, meta);
          safely(() => msg.ack(), log, 'ack');
        } catch (error: unknown) {
          recordError(span, error);
          await this.failed(msg, meta, error, log);
        } finally {
          span.end();
        }
      },
    );
  }

  private spanOptions(meta: EventMeta): SpanOptions {
    return {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.destination.name': meta.subject,
        'messaging.consumer.group.name': this.options.durable,
        'messaging.nats.stream_sequence': meta.streamSequence,
        'messaging.nats.delivery_count': meta.deliveryCount,
      },
    };
  }

  private async handleOne(event: T, meta: EventMeta): Promise<void> {
    if (this.options.handler) return this.options.handler(event, meta);
    const completion = await this.options.batchHandler?.([{ event, meta }]);
    await this.inFlight;
    if (completion) await completion.completed;
  }

  /** Resolves once the last batch handed over has been acknowledged (or given back). */
  settled(): Promise<void> {
    return this.inFlight;
  }

  /** Parks the malformed ones, hands the rest over together; on failure, one by one. */
  async processBatch(msgs: readonly JsMsg[]): Promise<void> {
    const valid: JsMsg[] = [];
    const items: Array<{ event: T; meta: EventMeta }> = [];
    for (const msg of msgs) {
      const meta = metaOf(msg);
      const parsed = parseMessage(msg.data, this.options.schema);
      if (!parsed.ok) {
        const log = this.logger.child({ streamSequence: meta.streamSequence, subject: meta.subject, requestId: meta.requestId });
        log.warn({ reason: parsed.reason }, 'parking a malformed event');
        await this.park(msg, parsed.reason, parsed.details, log);
        continue;
      }
      valid.push(msg);
      items.push({ event: parsed.value, meta });
    }
    if (valid.length === 0) return;
    if (valid.length === 1) {
      await this.processLone(valid[0] as JsMsg, items[0] as { event: T; meta: EventMeta });
      return;
    }
    let completion: void | BatchCompletion;
    try {
      completion = await this.handInSpan(
        items,
        `process ${this.options.durable} batch`,
        { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'nats', 'messaging.consumer.group.name': this.options.durable, 'messaging.batch.message_count': valid.length } },
        context.active(),
      );
    } catch (error: unknown) {
      this.logger.warn({ err: error, size: valid.length }, 'event batch failed, handling its events one by one');
      await this.inFlight;
      for (const msg of valid) await this.process(msg);
      return;
    }
    await this.acknowledgeAfter(valid, completion);
  }

  /**
   * A lone event (nothing else received): handed over as a batch of one, in the span of a single
   * message, and its completion runs while the next event is handled, as a batch's does. Waiting
   * for it here held every event that arrived meanwhile behind the previous one's completion (a
   * 4,000-node move's cache invalidation, 35–115 ms, in front of the next move's transaction).
   */
  private async processLone(msg: JsMsg, item: { readonly event: T; readonly meta: EventMeta }): Promise<void> {
    const log = this.logger.child({ streamSequence: item.meta.streamSequence, subject: item.meta.subject, requestId: item.meta.requestId });
    let completion: void | BatchCompletion;
    try {
      completion = await this.handInSpan([item], `process ${this.options.durable}`, this.spanOptions(item.meta), extractTraceContext(msg.headers));
    } catch (error: unknown) {
      await this.inFlight;
      await this.failed(msg, item.meta, error, log);
      return;
    }
    await this.acknowledgeAfter([msg], completion);
  }

  /** The batch handler, in a span of its own under `parent` (a throw is recorded on it, then rethrown). */
  private handInSpan(items: ReadonlyArray<{ readonly event: T; readonly meta: EventMeta }>, name: string, options: SpanOptions, parent: Context): Promise<void | BatchCompletion> {
    return this.tracer.startActiveSpan(name, options, parent, async (span) => {
      try {
        return await this.options.batchHandler?.(items);
      } catch (error: unknown) {
        recordError(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
  }

  /** Acks once the completion (if any) succeeds, after the previous one: acks stay in stream order, one completion in flight. */
  private async acknowledgeAfter(msgs: readonly JsMsg[], completion: void | BatchCompletion): Promise<void> {
    // The previous batch's completion ran while this one was handled; acks stay in stream order.
    await this.inFlight;
    if (!completion) {
      for (const msg of msgs) safely(() => msg.ack(), this.logger, 'ack');
      return;
    }
    this.inFlight = completion.completed.then(
      () => {
        for (const msg of msgs) safely(() => msg.ack(), this.logger, 'ack');
      },
      // Like a handler failure: redelivered with backoff, parked after the last delivery.
      async (error: unknown) => {
        for (const msg of msgs) await this.failed(msg, metaOf(msg), error, this.logger);
      },
    );
  }

  private async failed(msg: JsMsg, meta: EventMeta, error: unknown, log: Logger): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    if (meta.deliveryCount >= this.maxDeliver) {
      log.error({ err: error, deliveryCount: meta.deliveryCount }, 'event handler failed on its last delivery, parking');
      await this.park(msg, `handler failed on delivery ${meta.deliveryCount} of ${this.maxDeliver}: ${message}`, [], log);
      return;
    }
    const delay = retryDelayMs(meta.deliveryCount, this.retryDelay);
    log.warn({ err: error, deliveryCount: meta.deliveryCount, retryInMs: delay }, 'event handler failed, will retry');
    safely(() => msg.nak(delay), log, 'nak');
  }

  private async park(msg: JsMsg, reason: string, details: Parameters<typeof publishDeadLetter>[4], log: Logger): Promise<void> {
    try {
      await publishDeadLetter(this.nats, this.options.durable, msg, reason, details);
      // No term reason: `+TERM <reason>` needs nats-server 2.10 and 2.9 would ignore the ack; the reason is in the dead letter.
      safely(() => msg.term(), log, 'term');
    } catch (error: unknown) {
      // Never drop a message we could not park: let it come back and try parking again.
      log.error({ err: error }, 'could not park the event on the dead-letter subject, will retry');
      safely(() => msg.nak(retryDelayMs(msg.info.deliveryCount, this.retryDelay)), log, 'nak');
    }
  }
}

function metaOf(msg: JsMsg): EventMeta {
  const { streamSequence, deliveryCount } = msg.info;
  return {
    streamSequence,
    subject: msg.subject,
    deliveryCount,
    // Read only for a log line (a failure): decoding every message's headers for it was ~2 % of a
    // batch consumer's CPU.
    get requestId() {
      return headerValue(msg.headers, REQUEST_ID_HEADER);
    },
  };
}

/** Acks are fire-and-forget publishes; one failing (connection gone) must not end the loop. */
function safely(action: () => void, logger: Logger, what: string): void {
  try {
    action();
  } catch (error: unknown) {
    logger.warn({ err: error }, `could not ${what} the event; the server will redeliver it`);
  }
}

async function logConsumerStatus(messages: ConsumerMessages, logger: Logger): Promise<void> {
  try {
    for await (const status of await messages.status()) {
      if (status.type === 'heartbeats_missed' || status.type === 'consumer_not_found' || status.type === 'consumer_deleted' || status.type === 'stream_not_found') {
        logger.warn({ status: status.type, data: status.data }, 'event consumer status');
      }
    }
  } catch (error: unknown) {
    logger.warn({ err: error }, 'event consumer status stream failed');
  }
}
