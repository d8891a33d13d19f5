import type { Logger } from 'pino';
import { AckPolicy, DeliverPolicy, nanos, type ConsumerConfig, type JetStreamManager } from 'nats';
import { JsApiErrorCode, jsApiErrorCode } from '../connection/nats-api-errors';

export interface EventConsumerSpec {
  readonly stream: string;
  readonly durable: string;
  readonly filterSubjects: readonly string[];
  readonly maxDeliver: number;
  readonly ackWaitMs: number;
  readonly deliverPolicy: 'all' | 'new';
  readonly maxAckPending: number;
}

function filterOf(spec: EventConsumerSpec): Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'> {
  const [only, ...rest] = spec.filterSubjects;
  if (only === undefined) throw new TypeError(`consumer ${spec.durable} needs at least one filter subject`);
  // A single filter works on every server; several need nats-server >= 2.10.
  return rest.length === 0 ? { filter_subject: only } : { filter_subjects: [...spec.filterSubjects] };
}

function sameFilters(config: ConsumerConfig, spec: EventConsumerSpec): boolean {
  const actual = config.filter_subjects ?? (config.filter_subject ? [config.filter_subject] : []);
  return [...actual].sort().join(',') === [...spec.filterSubjects].sort().join(',');
}

/**
 * Creates the durable pull consumer or brings it to the wanted settings. The delivery policy of an
 * existing consumer is kept: its position in the stream is the point of being durable.
 */
export async function ensureEventConsumer(jsm: JetStreamManager, spec: EventConsumerSpec, logger: Logger): Promise<void> {
  const settings = {
    ...filterOf(spec),
    max_deliver: spec.maxDeliver,
    ack_wait: nanos(spec.ackWaitMs),
    max_ack_pending: spec.maxAckPending,
  };
  let current: ConsumerConfig | undefined;
  try {
    current = (await jsm.consumers.info(spec.stream, spec.durable)).config;
  } catch (error: unknown) {
    if (jsApiErrorCode(error) !== JsApiErrorCode.ConsumerNotFound) throw error;
  }
  if (current === undefined) {
    await jsm.consumers.add(spec.stream, {
      ...settings,
      durable_name: spec.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: spec.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
    });
    logger.info({ stream: spec.stream, durable: spec.durable, filter: spec.filterSubjects }, 'event consumer created');
  } else if (
    !sameFilters(current, spec) ||
    current.max_deliver !== settings.max_deliver ||
    current.ack_wait !== settings.ack_wait ||
    current.max_ack_pending !== settings.max_ack_pending
  ) {
    await jsm.consumers.update(spec.stream, spec.durable, settings);
    logger.info({ stream: spec.stream, durable: spec.durable, filter: spec.filterSubjects }, 'event consumer updated');
  }
  const applied = (await jsm.consumers.info(spec.stream, spec.durable)).config;
  // An older server ignores filter_subjects it does not know and would deliver the whole stream.
  if (!sameFilters(applied, spec)) {
    throw new Error(`nats server did not apply the filter subjects of consumer ${spec.durable} (multiple filters need nats-server >= 2.10)`);
  }
}
