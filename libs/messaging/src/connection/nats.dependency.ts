import type { Logger } from 'pino';
import {
  connect,
  Events,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';
import { withTimeout, type Dependency } from '@forecastin/lifecycle';
import type { z } from 'zod';
import { NatsNotConnectedError } from '../errors/messaging.errors';
import { consumeEvents, type ConsumeEventsOptions, type EventConsumer } from '../events/consume-events';
import { publishEvent, type PublishEventOptions } from '../events/publish-event';
import { publishEvents, type PublishEventsOptions, type PublishOutcome } from '../events/publish-events';
import { publishCore, subscribeCore, type CoreSubscription, type CoreHandler } from '../core/core-pubsub';
import type { EventEnvelope } from '@forecastin/contracts';
import { eventsMaxAgeMs, type NatsConfig } from '../config/nats-config.schema';
import { ensureEventsStream } from './events-stream';
import { natsSubjects, type NatsSubjects } from './nats-subjects';


const DEFAULT_MAX_AGE_MS = 72 * 3_600_000;
const DEFAULT_MAX_BYTES = 8 * 1024 ** 3;

export interface NatsDependencyOptions {
  /** One URL or a comma-separated list. */
  readonly url: string;
  /** Shown in the server's connection list (`nats server report connections`): the service name. */
  readonly connectionName: string;
  readonly logger: Logger;
  /** Token(s) put in front of every subject (`t_1a2b` → `t_1a2b.evt.…`); '' or absent for none. */
  readonly subjectPrefix?: string;
  readonly eventsStream?: string;
  /** Stream retention (the realtime recovery window). Default 72 h. */
  readonly eventsMaxAgeMs?: number;
  /** Hard bound on the stream's disk use; oldest events go first. Default 8 GiB. */
  readonly eventsMaxBytes?: number;
  /** Bound on the first connection. Default 3000 ms. */
  readonly connectTimeoutMs?: number;
  /** Bound on the readiness flush. Default 1000 ms. */
  readonly checkTimeoutMs?: number;
  /** Pause between reconnect attempts (jittered by the client). Default 500 ms. */
  readonly reconnectTimeWaitMs?: number;
  /** Default bound on JetStream publishes and requests. Default 2000 ms. */
  readonly requestTimeoutMs?: number;
  /** Bound on draining at shutdown before the connection is closed hard. Default 5000 ms. */
  readonly drainTimeoutMs?: number;
}

/**
 * The NATS connection of a service, as a lifecycle dependency, plus typed helpers over it.
 * The first connection is bounded and fails fast (the lifecycle retries it); afterwards the client
 * reconnects forever and resubscribes by itself, and `check()` reports the outage meanwhile.
 */
export class NatsDependency implements Dependency {
  readonly name = 'nats';
  readonly subjectPrefix: string;
  readonly eventsStream: string;
  /** Subject builders with this connection's prefix applied: the subjects on the wire. */
  readonly subjects: NatsSubjects;
  readonly logger: Logger;
  readonly requestTimeoutMs: number;
  private nc: NatsConnection | undefined;
  private jsm: JetStreamManager | undefined;
  private online = false;
  private readonly consumers = new Set<EventConsumer>();

  /** The dependency as every service configures it: stream and timeouts from `natsConfigShape`. */
  static fromConfig(config: NatsConfig, service: { connectionName: string; logger: Logger }): NatsDependency {
    return new NatsDependency({
      url: config.NATS_URL,
      connectionName: service.connectionName,
      logger: service.logger,
      subjectPrefix: config.NATS_SUBJECT_PREFIX,
      eventsStream: config.EVENTS_STREAM,
      eventsMaxAgeMs: eventsMaxAgeMs(config),
      eventsMaxBytes: config.EVENTS_MAX_BYTES,
      requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
    });
  }

  constructor(private readonly options: NatsDependencyOptions) {
    this.subjectPrefix = options.subjectPrefix ?? '';
    this.eventsStream = options.eventsStream ?? 'EVENTS';
    this.subjects = natsSubjects(this.subjectPrefix);
    this.logger = options.logger;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 2000;
  }

  get connection(): NatsConnection {
    if (!this.nc || this.nc.isClosed()) throw new NatsNotConnectedError();
    return this.nc;
  }

  /** True while the socket is up (false before connect, during an outage and after close). */
  get isConnected(): boolean {
    return this.online && this.nc !== undefined && !this.nc.isClosed();
  }

  jetstream(): JetStreamClient {
    return this.connection.jetstream({ timeout: this.requestTimeoutMs });
  }

  async jetstreamManager(): Promise<JetStreamManager> {
    this.jsm ??= await this.connection.jetstreamManager({ timeout: this.requestTimeoutMs });
    return this.jsm;
  }

  async connect(): Promise<void> {
    if (this.nc && !this.nc.isClosed()) return;
    const nc = await connect({
      servers: this.options.url.split(',').map((url) => url.trim()),
      name: this.options.connectionName,
      timeout: this.options.connectTimeoutMs ?? 3000,
      reconnect: true,
      maxReconnectAttempts: -1,
      waitOnFirstConnect: false,
      reconnectTimeWait: this.options.reconnectTimeWaitMs ?? 500,
      reconnectJitter: 200,
      pingInterval: 10_000,
      maxPingOut: 2,
    });
    this.nc = nc;
    this.online = true;
    this.jsm = undefined;
    void this.watchStatus(nc);
    try {
      await ensureEventsStream(
        await this.jetstreamManager(),
        {
          name: this.eventsStream,
          subjects: [this.subjects.allEvents, this.subjects.allDeadLetters],
          maxAgeMs: this.options.eventsMaxAgeMs ?? DEFAULT_MAX_AGE_MS,
          maxBytes: this.options.eventsMaxBytes ?? DEFAULT_MAX_BYTES,
        },
        this.logger,
      );
    } catch (error: unknown) {
      // Leave nothing half-open behind: the lifecycle will call connect() again.
      this.nc = undefined;
      this.online = false;
      await nc.close();
      throw error;
    }
    this.logger.info({ dependency: this.name, server: nc.getServer(), stream: this.eventsStream }, 'nats connected');
  }

  async check(): Promise<void> {
    const nc = this.connection;
    if (!this.online) throw new NatsNotConnectedError('nats is disconnected, reconnecting');
    await withTimeout(nc.flush(), this.options.checkTimeoutMs ?? 1000, 'nats flush');
  }

  async close(): Promise<void> {
    const nc = this.nc;
    if (!nc || nc.isClosed()) return;
    await Promise.allSettled([...this.consumers].map((consumer) => consumer.stop()));
    // Draining needs the server; during an outage there is nothing to flush to.
    if (this.online) {
      try {
        await withTimeout(nc.drain(), this.options.drainTimeoutMs ?? 5000, 'nats drain');
      } catch (error: unknown) {
        this.logger.warn({ dependency: this.name, err: error }, 'nats drain did not finish, closing');
      }
    }
    // nats.js's drain() swallows a failed flush and resolves with the connection still open (and
    // dialling forever when the server is gone), so close whatever drain left open.
    if (!nc.isClosed()) await nc.close();
    this.online = false;
  }

  /** Validates and publishes a domain event to JetStream; resolves with its stream sequence. */
  publishEvent(envelope: EventEnvelope, options?: PublishEventOptions): Promise<number> {
    return publishEvent(this, envelope, options);
  }

  /** Many events in one round of acks; one outcome per envelope, in order (see `publishEvents`). */
  publishEvents(envelopes: readonly EventEnvelope[], options?: PublishEventsOptions): Promise<PublishOutcome[]> {
    return publishEvents(this, envelopes, options);
  }

  /** Starts a durable pull consumer loop; the handle is stopped by `close()` too. */
  async consumeEvents<T>(options: ConsumeEventsOptions<T>): Promise<EventConsumer> {
    const consumer = await consumeEvents(this, options);
    this.consumers.add(consumer);
    void consumer.stopped.then(() => this.consumers.delete(consumer));
    return consumer;
  }

  /** Fire-and-forget core NATS publish (cache invalidation), validated against `schema` first. */
  publishCore<S extends z.ZodType>(subject: string, payload: z.input<S>, schema: S, requestId?: string): void {
    publishCore(this, subject, payload, schema, requestId);
  }

  /** Core NATS subscription whose messages are validated against `schema` before `handler` sees them. */
  subscribeCore<T>(subject: string, schema: z.ZodType<T>, handler: CoreHandler<T>): CoreSubscription {
    return subscribeCore(this, subject, schema, handler);
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    const fields = { dependency: this.name };
    try {
      for await (const status of nc.status()) {
        switch (status.type) {
          case Events.Disconnect:
            this.online = false;
            this.logger.warn({ ...fields, server: status.data }, 'nats disconnected, reconnecting');
            break;
          case Events.Reconnect:
            this.online = true;
            this.logger.info({ ...fields, server: status.data }, 'nats reconnected');
            break;
          case Events.LDM:
            this.logger.warn({ ...fields, server: status.data }, 'nats server entering lame duck mode');
            break;
          case Events.Error:
            this.logger.warn({ ...fields, err: status.data }, 'nats async error');
            break;
          default:
            break;
        }
      }
    } catch (error: unknown) {
      this.logger.error({ ...fields, err: error }, 'nats status watcher failed');
    }
    const closedWith = await nc.closed();
    this.online = false;
    if (closedWith instanceof Error) this.logger.error({ ...fields, err: closedWith }, 'nats connection closed with an error');
  }
}
