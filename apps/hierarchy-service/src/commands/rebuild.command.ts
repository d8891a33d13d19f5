import { randomUUID } from 'node:crypto';
import { hierarchyCacheInvalidationSchema } from '@forecastin/contracts';
import { RedisDependency } from '@forecastin/cache';
import { sleep } from '@forecastin/lifecycle';
import { NatsDependency } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';
import { AckPolicy, DeliverPolicy, nanos, type Consumer } from 'nats';
import type { EntityManager } from 'typeorm';
import { projectedEntityEventSchema } from '../projection/entity-event.schema';
import { ProjectionLeadership } from '../projection/projection-leadership';
import { ProjectionStore, type SequencedEvent } from '../projection/projection-store';
import { commandPostgres, type CommandContext, type CommandOptions } from './command-connections';

const FETCH_BATCH = 500;
const LOCK_WAIT_MS = 10_000;

/**
 * `node dist/main.js rebuild`: replays every entity event of the stream into an empty read model,
 * in ONE transaction (readers keep the old model until the commit), then drops every cached
 * hierarchy entry (L2 by key scan, L1 on every instance by broadcast). It takes the projection
 * lock, so it refuses to run while an instance is projecting: scale the consumers down first.
 * When the stream no longer starts at sequence 1, events are missing and it refuses: rebuilding
 * from entity-service over `rpc.entity.*` is not available yet (README "Commands").
 */
export async function rebuildReadModel(context: CommandContext, options: CommandOptions): Promise<void> {
  const { config, logger } = context;
  const postgres = await commandPostgres(context, options, 'rebuild');
  const nats = NatsDependency.fromConfig(config, { connectionName: 'hierarchy-service-rebuild', logger });
  const redis = RedisDependency.fromConfig(config, logger);
  const leadership = new ProjectionLeadership(postgres.dataSource, `hierarchy.projection:${nats.eventsStream}`, logger);
  try {
    await nats.connect();
    await acquire(leadership);
    const stream = await (await nats.jetstreamManager()).streams.info(nats.eventsStream);
    if (stream.state.first_seq > 1) {
      throw new Error(
        `stream ${nats.eventsStream} starts at sequence ${stream.state.first_seq}: older events are gone, so it cannot rebuild the read model alone (rebuild from entity-service is not available yet)`,
      );
    }
    const head = stream.state.last_seq;
    const started = performance.now();
    const store = new ProjectionStore(postgres.dataSource, nats.eventsStream);
    const result = await postgres.dataSource.transaction(async (manager) => {
      const before = await topLevelPaths(manager);
      await manager.query('DELETE FROM hierarchy.nodes');
      await manager.query('DELETE FROM hierarchy.applied_events');
      await manager.query('DELETE FROM hierarchy.projection_state WHERE stream = $1', [nats.eventsStream]);
      const counts = await replay(nats, store, manager, head, logger);
      await manager.query(`UPDATE hierarchy.projection_state SET last_sequence = greatest(last_sequence, $2) WHERE stream = $1`, [nats.eventsStream, head]);
      return { ...counts, before, after: await topLevelPaths(manager) };
    });
    const seconds = (performance.now() - started) / 1000;
    logger.info(
      { head, applied: result.applied, skipped: result.skipped, malformed: result.malformed, seconds, eventsPerSecond: Math.round(result.applied / Math.max(seconds, 0.001)) },
      'read model rebuilt from the stream',
    );
    await dropCaches(nats, redis, mergeTopLevel(result.before, result.after), logger);
  } finally {
    await leadership.release();
    await Promise.allSettled([nats.close(), redis.close()]);
    await postgres.close();
  }
}

async function acquire(leadership: ProjectionLeadership): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (!(await leadership.tryAcquire())) {
    if (Date.now() > deadline) throw new Error('a running hierarchy-service instance holds the projection lock: stop its consumers (scale to 0) and run rebuild again');
    await sleep(500);
  }
}

/** Reads the entity events up to `head` with an ordered consumer and applies them in batches. */
async function replay(nats: NatsDependency, store: ProjectionStore, manager: EntityManager, head: number, logger: Logger) {
  // A named ephemeral pull consumer with one filter_subject (nats-server 2.9 ignores the plural
  // filter_subjects an ordered consumer sends), without acks, gone a minute after we stop.
  const jsm = await nats.jetstreamManager();
  const name = `hierarchy_rebuild_${randomUUID().slice(0, 8)}`;
  await jsm.consumers.add(nats.eventsStream, {
    name,
    filter_subject: nats.subjects.aggregateEvents('entity'),
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    inactive_threshold: nanos(60_000),
  });
  try {
    return await replayFrom(await nats.jetstream().consumers.get(nats.eventsStream, name), store, manager, head, logger);
  } finally {
    await jsm.consumers.delete(nats.eventsStream, name).catch(() => undefined);
  }
}

async function replayFrom(consumer: Consumer, store: ProjectionStore, manager: EntityManager, head: number, logger: Logger) {
  let applied = 0;
  let skipped = 0;
  let malformed = 0;
  for (let done = head === 0; !done; ) {
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

async function topLevelPaths(manager: EntityManager): Promise<Map<string, Set<string>>> {
  const rows: Array<{ workspace_id: string; label: string }> = await manager.query(
    `SELECT DISTINCT workspace_id, subpath(path, 0, 1)::text AS label FROM hierarchy.nodes`,
  );
  const byWorkspace = new Map<string, Set<string>>();
  for (const row of rows) byWorkspace.set(row.workspace_id, (byWorkspace.get(row.workspace_id) ?? new Set()).add(row.label));
  return byWorkspace;
}

function mergeTopLevel(a: Map<string, Set<string>>, b: Map<string, Set<string>>): Map<string, Set<string>> {
  const merged = new Map(a);
  for (const [workspace, labels] of b) merged.set(workspace, new Set([...(merged.get(workspace) ?? []), ...labels]));
  return merged;
}

/** Every cached hierarchy entry is stale after a rebuild: scan-delete L2, and broadcast whole-tree drops for L1. */
async function dropCaches(nats: NatsDependency, redis: RedisDependency, topLevel: Map<string, Set<string>>, logger: Logger): Promise<void> {
  try {
    await redis.connect();
    let deleted = 0;
    for await (const keys of redis.client.scanIterator({ MATCH: redis.key('hierarchy', '*'), COUNT: 1000 })) {
      if (keys.length > 0) deleted += await redis.client.del(keys);
    }
    logger.info({ deleted }, 'dropped L2 hierarchy entries');
  } catch (error: unknown) {
    logger.warn({ err: error }, 'could not drop L2 entries: they expire with their time to live');
  }
  for (const [workspace, labels] of topLevel) {
    nats.publishCore(
      nats.subjects.cacheInvalidate('hierarchy'),
      { workspace_id: workspace, event_ids: [], paths: [], roots: true, subtree_roots: [...labels], lists_only_paths: [] },
      hierarchyCacheInvalidationSchema,
    );
  }
  await nats.connection.flush();
}
