import type { Logger } from 'pino';
import { DiscardPolicy, nanos, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from 'nats';
import { JsApiErrorCode, jsApiErrorCode } from './nats-api-errors';

/** Nats-Msg-Id dedupe window: long enough to cover an outbox relay retrying after a crash. */
export const DUPLICATE_WINDOW_MS = 2 * 60_000;

export interface EventsStreamSpec {
  readonly name: string;
  /** Wire subjects captured by the stream: the prefixed `evt.>` and the dead-letter `dlq.>`. */
  readonly subjects: readonly string[];
  readonly maxAgeMs: number;
  readonly maxBytes: number;
}

function desiredConfig(spec: EventsStreamSpec): Partial<StreamConfig> & { name: string } {
  return {
    name: spec.name,
    subjects: [...spec.subjects],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(spec.maxAgeMs),
    max_bytes: spec.maxBytes,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: 1,
  };
}

function differs(current: StreamConfig, desired: Partial<StreamConfig>): boolean {
  return (
    current.max_age !== desired.max_age ||
    current.max_bytes !== desired.max_bytes ||
    current.duplicate_window !== desired.duplicate_window ||
    [...current.subjects].sort().join(',') !== [...(desired.subjects ?? [])].sort().join(',')
  );
}

/**
 * Creates the events stream, or brings an existing one to the desired limits. Safe to call from
 * every instance at every start: concurrent creators converge (the loser of a create race updates).
 * Storage type cannot change on a live stream and is left as it is.
 */
export async function ensureEventsStream(jsm: JetStreamManager, spec: EventsStreamSpec, logger: Logger): Promise<void> {
  const desired = desiredConfig(spec);
  let current: StreamConfig | undefined;
  try {
    current = (await jsm.streams.info(spec.name)).config;
  } catch (error: unknown) {
    if (jsApiErrorCode(error) !== JsApiErrorCode.StreamNotFound) throw error;
  }
  if (current === undefined) {
    try {
      await jsm.streams.add(desired);
      logger.info({ stream: spec.name, subjects: spec.subjects }, 'events stream created');
      return;
    } catch (error: unknown) {
      if (jsApiErrorCode(error) !== JsApiErrorCode.StreamNameInUse) throw error;
      current = (await jsm.streams.info(spec.name)).config;
    }
  }
  if (differs(current, desired)) {
    const { name: _name, storage: _storage, ...updatable } = desired;
    await jsm.streams.update(spec.name, updatable);
    logger.info({ stream: spec.name, subjects: spec.subjects }, 'events stream updated');
  }
}
