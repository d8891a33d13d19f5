import { randomUUID } from 'node:crypto';
import type { NatsDependency } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';
import { AckPolicy, DeliverPolicy, nanos, type Consumer } from 'nats';
import type { EntityManager } from 'typeorm';
import { projectedEntityEventSchema } from '../projection/entity-event.schema';
import type { ProjectionStore, SequencedEvent } from '../projection/projection-store';

const FETCH_BATCH = 500;

/** Which stream sequences to replay: `from`..`head`, both included. */
export interface ReplayRange {
  readonly from: number;
  readonly head: number;
}

export interface ReplayCounts {
  applied: number;
  skipped: number;
  malformed: number;
}

/**
 * Reads the entity events of the stream from sequence `from` up to `head` with a named ephemeral
 * pull consumer and applies them in batches through the projection store, inside the caller's
 * transaction (the rebuild commands).
 */
export async function replayStream(nats: NatsDependency, store: ProjectionStore, manager: EntityManager, range: ReplayRange, logger: Logger): Promise<ReplayCounts> {
  if (range.head < range.from) return { applied: 0, skipped: 0, malformed: 0 };
  // A named ephemeral pull consumer with one filter_subject (nats-server 2.9 ignores the plural
  // filter_subjects an ordered consumer sends), without acks, gone a minute after we stop.
  const jsm = await nats.jetstreamManager();
  const name = `hierarchy_rebuild_${randomUUID().slice(0, 8)}`;
  await jsm.consumers.add(nats.eventsStream, {
    name,
    filter_subject: nats.subjects.aggregateEvents('entity'),
    ack_policy: AckPolicy.None,
    ...(range.from <= 1 ? { deliver_policy: DeliverPolicy.All } : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: range.from }),
    inactive_threshold: nanos(60_000),
  });
  try {
    return await replayFrom(await nats.jetstream().consumers.get(nats.eventsStream, name), store, manager, range.head, logger);
  } finally {
    await jsm.consumers.delete(nats.eventsStream, name).catch(() => undefined);
  }
}

async function replayFrom(consumer: Consumer, store: ProjectionStore, manager: EntityManager, head: number, logger: Logger): Promise<ReplayCounts> {
  let applied = 0;
  let skipped = 0;
  let malformed = 0;
  for (let done = false; !done; ) {
    const batch: SequencedEvent[] = [];
    let received = 0;
    for await (const msg of await consumer.fetch({ max_messages: FETCH_BATCH, expires: 2000 })) {
      received += 1;
      if (msg.seq > head) {
        done = true;
        continue;
      }
      const parsed = projectedEntityEventSchema.safeParse(safeJson(msg.string()));
      if (parsed.success) batch.push({ event: parsed.data, streamSequence: msg.seq });
      else {
        malformed += 1;
        logger.warn({ streamSequence: msg.seq, subject: msg.subject }, 'skipping a malformed event during rebuild (the live consumer parked it)');
      }
      if (msg.seq >= head || msg.info.pending === 0) done = true;
    }
    if (received === 0) done = true;
    for (const outcome of await store.applyIn(manager, batch)) {
      if (outcome.status === 'applied') applied += 1;
      else skipped += 1;
    }
  }
  return { applied, skipped, malformed };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
