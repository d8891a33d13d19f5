import { RedisDependency } from '@forecastin/cache';
import { sleep } from '@forecastin/lifecycle';
import { NatsDependency } from '@forecastin/messaging';
import type { Logger } from '@forecastin/observability';
import type { DataSource } from 'typeorm';
import { ProjectionLeadership } from '../projection/projection-leadership';
import { ProjectionStore } from '../projection/projection-store';
import { commandPostgres, type CommandContext, type CommandOptions } from './command-connections';
import { dropCaches, mergeTopLevel, topLevelPaths, type TopLevelPaths } from './rebuild-caches';
import { parseRebuildArgs, resolveRebuildSource } from './rebuild-options';
import { rebuildFromEntityService, type SnapshotRebuildHooks } from './snapshot-rebuild';
import { replayStream } from './stream-replay';

const LOCK_WAIT_MS = 10_000;

/**
 * `node dist/main.js rebuild [--from auto|stream|entity-service]`: rebuilds the read model in ONE
 * transaction (readers keep the old model until the commit), then drops every cached hierarchy
 * entry (L2 by key scan, L1 on every instance by broadcast). It takes the projection lock, so it
 * refuses to run while an instance is projecting: scale the consumers down first.
 *
 * `stream` replays every entity event of the stream; it refuses when the stream no longer starts at
 * sequence 1 (older events are gone). `entity-service` takes entity-service's consistent snapshot
 * over NATS and replays the events after it (`snapshot-rebuild.ts`). `auto` (the default) is the
 * stream while it starts at sequence 1, else entity-service. README "Commands".
 */
export async function rebuildReadModel(context: CommandContext, options: CommandOptions, args: readonly string[] = [], hooks: SnapshotRebuildHooks = {}): Promise<void> {
  const { config, logger } = context;
  const { from } = parseRebuildArgs(args);
  const postgres = await commandPostgres(context, options, 'rebuild');
  const nats = NatsDependency.fromConfig(config, { connectionName: 'hierarchy-service-rebuild', logger });
  const redis = RedisDependency.fromConfig(config, logger);
  const leadership = new ProjectionLeadership(postgres.dataSource, `hierarchy.projection:${nats.eventsStream}`, logger);
  try {
    await nats.connect();
    await acquire(leadership);
    const stream = await (await nats.jetstreamManager()).streams.info(nats.eventsStream);
    const firstSequence = stream.state.first_seq;
    const source = resolveRebuildSource(from, firstSequence);
    logger.info({ from, source, firstSequence, lastSequence: stream.state.last_seq }, 'rebuilding the read model');
    const store = new ProjectionStore(postgres.dataSource, nats.eventsStream);
    const started = performance.now();
    let topLevel: TopLevelPaths;
    if (source === 'stream') {
      if (firstSequence > 1) {
        throw new Error(
          `stream ${nats.eventsStream} starts at sequence ${firstSequence}: older events are gone, so it cannot rebuild the read model alone; run rebuild --from entity-service (the default, --from auto, does so by itself)`,
        );
      }
      const result = await rebuildFromStream(nats, store, postgres.dataSource, stream.state.last_seq, logger);
      const seconds = (performance.now() - started) / 1000;
      logger.info(
        { head: result.head, applied: result.applied, skipped: result.skipped, malformed: result.malformed, seconds, eventsPerSecond: Math.round(result.applied / Math.max(seconds, 0.001)) },
        'read model rebuilt from the stream',
      );
      topLevel = result.topLevel;
    } else {
      const result = await rebuildFromEntityService({ nats, dataSource: postgres.dataSource, store, logger, hooks });
      const seconds = (performance.now() - started) / 1000;
      logger.info(
        {
          attempts: result.attempts,
          snapshotEntities: result.snapshotEntities,
          pages: result.pages,
          fromSequence: result.fromSequence,
          head: result.head,
          applied: result.applied,
          skipped: result.skipped,
          malformed: result.malformed,
          seconds,
        },
        'read model rebuilt from entity-service',
      );
      topLevel = result.topLevel;
    }
    await dropCaches(nats, redis, topLevel, logger);
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

/** Every entity event of the stream, up to its head at start, into an emptied read model. */
async function rebuildFromStream(nats: NatsDependency, store: ProjectionStore, dataSource: DataSource, head: number, logger: Logger) {
  return dataSource.transaction(async (manager) => {
    const before = await topLevelPaths(manager);
    await manager.query('DELETE FROM hierarchy.nodes');
    await manager.query('DELETE FROM hierarchy.applied_events');
    await manager.query('DELETE FROM hierarchy.projection_state WHERE stream = $1', [nats.eventsStream]);
    const counts = await replayStream(nats, store, manager, { from: 1, head }, logger);
    await manager.query(`UPDATE hierarchy.projection_state SET last_sequence = greatest(last_sequence, $2) WHERE stream = $1`, [nats.eventsStream, head]);
    return { ...counts, head, topLevel: mergeTopLevel(before, await topLevelPaths(manager)) };
  });
}
