import { sleep } from '@forecastin/lifecycle';
import type { EventConsumer, NatsDependency } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';
import type { DataSource } from 'typeorm';
import type { InvalidationPublisher } from '../cache/invalidation-publisher';
import { projectedEntityEventSchema } from './entity-event.schema';
import { ProjectionLeadership } from './projection-leadership';
import { ProjectionStore } from './projection-store';

/** The durable consumer every instance shares (one of them consumes at a time, see ProjectionLeadership). */
export const READ_MODEL_DURABLE = 'hierarchy-read-model';

export interface ProjectorOptions {
  readonly batchSize: number;
  /** How often leadership is tried (standby) or checked (leader). */
  readonly heartbeatMs: number;
}

/**
 * Keeps the read model in step with the entity events: while this instance leads, a durable
 * JetStream consumer applies the events it has received, in batches (ProjectionStore, one
 * transaction per batch), then invalidates what they changed.
 * Malformed events are parked by `consumeEvents` at once; a failing apply is retried with backoff
 * and parked after 5 deliveries; nothing an event does stops the loop.
 */
export class ReadModelProjector {
  private readonly abort = new AbortController();
  private readonly leadership: ProjectionLeadership;
  private readonly store: ProjectionStore;
  private consumer: EventConsumer | undefined;
  private loop: Promise<void> | undefined;
  private lastLag = 0;

  constructor(
    private readonly nats: NatsDependency,
    dataSource: DataSource,
    private readonly publisher: InvalidationPublisher,
    private readonly logger: Logger,
    private readonly options: ProjectorOptions,
  ) {
    this.store = new ProjectionStore(dataSource, nats.eventsStream);
    this.leadership = new ProjectionLeadership(dataSource, `hierarchy.projection:${nats.eventsStream}`, logger);
  }

  get role(): 'leader' | 'standby' {
    return this.consumer ? 'leader' : 'standby';
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    await this.consumer?.stop();
    this.consumer = undefined;
    await this.leadership.release();
  }

  /** Entity events in the stream not yet applied (pending + in flight), for /stats. */
  async lag(): Promise<number> {
    try {
      const info = await (await this.nats.jetstreamManager()).consumers.info(this.nats.eventsStream, READ_MODEL_DURABLE);
      this.lastLag = info.num_pending + info.num_ack_pending;
    } catch (error: unknown) {
      this.logger.debug({ err: error }, 'consumer info unavailable, reporting the last known lag');
    }
    return this.lastLag;
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        if (!this.consumer) {
          if (await this.leadership.tryAcquire()) this.consumer = await this.consume();
        } else if (!(await this.leadership.stillHeld())) {
          await this.consumer.stop();
          this.consumer = undefined;
        }
      } catch (error: unknown) {
        this.logger.warn({ err: error }, 'read-model consumer could not start, retrying');
        await this.leadership.release();
      }
      await sleep(this.options.heartbeatMs, this.abort.signal).catch(() => undefined);
    }
  }

  private consume(): Promise<EventConsumer> {
    return this.nats.consumeEvents({
      durable: READ_MODEL_DURABLE,
      filterSubjects: [this.nats.subjects.aggregateEvents('entity')],
      schema: projectedEntityEventSchema,
      batchSize: this.options.batchSize,
      maxDeliver: 5,
      ackWaitMs: 30_000,
      logger: this.logger,
      // A backlog is applied in batches (one transaction each); a lone event alone, without waiting.
      // A batch is acknowledged once its invalidation is done, but the next batch's transaction
      // runs meanwhile (the publisher keeps invalidations in commit order): the two were each about
      // half of a batch's time. A failed invalidation has the batch redelivered, and a redelivered
      // event is skipped as applied and invalidated again.
      batchHandler: async (batch) => {
        const outcomes = await this.store.apply(batch.map(({ event, meta }) => ({ event, streamSequence: meta.streamSequence })));
        return { completed: this.publisher.publish(outcomes) };
      },
    });
  }
}
