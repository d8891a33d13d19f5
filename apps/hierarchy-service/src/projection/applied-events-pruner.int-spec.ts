import { randomUUID } from 'node:crypto';
import type { PostgresDependency } from '@forecastin/persistence';
import { createCaptureLogger, type TestDatabase } from '@forecastin/testing';
import { readModelDatabase } from '../../test/support/read-model-database';
import { AppliedEventsPruner } from './applied-events-pruner';

describe('AppliedEventsPruner (real Postgres)', () => {
  let database: TestDatabase;
  let postgres: PostgresDependency;
  const workspaces = [randomUUID(), randomUUID()];

  beforeAll(async () => {
    ({ database, postgres } = await readModelDatabase());
  });

  afterAll(async () => {
    await postgres.close();
    await database.drop();
  });

  /** `count` rows per workspace applied `hoursAgo` hours ago; answers their event ids. */
  async function applied(count: number, hoursAgo: number): Promise<string[]> {
    const ids: string[] = [];
    for (const workspace of workspaces) {
      for (let index = 0; index < count; index++) {
        const id = randomUUID();
        ids.push(id);
        await postgres.dataSource.query(
          `INSERT INTO hierarchy.applied_events (workspace_id, event_id, stream_sequence, applied_at) VALUES ($1, $2, $3, now() - make_interval(hours => $4))`,
          [workspace, id, ids.length, hoursAgo],
        );
      }
    }
    return ids;
  }

  async function remaining(): Promise<string[]> {
    const rows: Array<{ event_id: string }> = await postgres.dataSource.query(`SELECT event_id FROM hierarchy.applied_events`);
    return rows.map((row) => row.event_id).sort();
  }

  const pruner = (logger = createCaptureLogger().logger) => new AppliedEventsPruner(postgres.dataSource, logger, { retentionHours: 24, intervalMs: 60_000, batchSize: 3 });

  it('deletes the rows older than the retention, in every workspace, batch after batch, and keeps the rest', async () => {
    const expired = await applied(4, 25);
    const kept = await applied(2, 23);
    expect(await pruner().pruneOnce()).toBe(expired.length);
    expect(await remaining()).toEqual([...kept].sort());
    expect(await pruner().pruneOnce()).toBe(0);
    await postgres.dataSource.query(`DELETE FROM hierarchy.applied_events`);
  });

  it('skips the run while another instance holds the pruning lock', async () => {
    const expired = await applied(2, 48);
    const other = postgres.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await other.query(`SELECT pg_advisory_xact_lock(hashtext('hierarchy.applied_events.prune'))`);
      expect(await pruner().pruneOnce()).toBe(0);
      await other.commitTransaction();
      expect(await pruner().pruneOnce()).toBe(expired.length);
    } finally {
      await other.release();
    }
    expect(await remaining()).toEqual([]);
  });

  it('runs on its own once started, logs what it deleted, and stops cleanly', async () => {
    await applied(1, 30);
    const { logger, withMessage } = createCaptureLogger();
    const running = pruner(logger);
    running.start();
    for (let waited = 0; (await remaining()).length > 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await running.stop();
    expect(await remaining()).toEqual([]);
    expect(withMessage('pruned applied events')).toEqual([expect.objectContaining({ deleted: 2, retentionHours: 24 })]);
  });
});
