import { randomUUID } from 'node:crypto';
import { TcpProxy } from '@forecastin/testing';
import { eventually, natsTestContext, type NatsTestContext } from '../../test/nats-test-context';
import {
  expectExactlyOnceInOrder,
  natsOnSameStream,
  outboxDatabase,
  streamCount,
  testRelay,
  waitUntilRelayed,
  writeVersions,
  type OutboxDatabase,
} from '../../test/outbox-test-context';
import type { NatsDependency } from '../connection/nats.dependency';
import type { OutboxRelay } from './outbox-relay';

const AGGREGATES = 30;

describe('outbox failover: two relays on one table, the leader dies mid-batch (real Postgres + NATS)', () => {
  let ctx: NatsTestContext;
  let db: OutboxDatabase;
  let proxyA: TcpProxy;
  let natsA: NatsDependency;
  let natsB: NatsDependency;
  let relayA: OutboxRelay;
  let relayB: OutboxRelay;
  /** The relay the NATS-cut test leaves leading (closed in afterAll too, should a test fail first). */
  let leading: OutboxRelay | undefined;
  const aggregates = Array.from({ length: AGGREGATES }, () => randomUUID());

  /** `rounds` transactions, each bumping every aggregate once: AGGREGATES × rounds events. */
  async function writeRounds(rounds: number): Promise<void> {
    for (let round = 0; round < rounds; round++) await writeVersions(db.postgres, aggregates);
  }

  beforeAll(async () => {
    [ctx, db, proxyA] = await Promise.all([
      natsTestContext('outbox-failover'),
      outboxDatabase(4),
      TcpProxy.start({ targetHost: '127.0.0.1', targetPort: 5432 }),
    ]);
    [natsA, natsB] = await Promise.all([natsOnSameStream(ctx, undefined, 'relay-a'), natsOnSameStream(ctx, undefined, 'relay-b')]);
    // Small batches and waves, so the leader is surely in the middle of one when it dies.
    const tuning = { batchSize: 100, maxInFlight: 10 };
    relayA = testRelay(proxyA.rewriteUrl(db.database.url), natsA, tuning);
    relayB = testRelay(db.database.url, natsB, tuning);
  });

  afterAll(async () => {
    await Promise.all([relayA.close(), relayB.close(), leading?.close()]);
    await Promise.all([natsA.close(), natsB.close()]);
    await proxyA.close();
    await Promise.all([ctx.dispose(), db.dispose()]);
  });

  it('hands over to the standby when the leader connection is cut: nothing lost, nothing duplicated, order kept', async () => {
    await writeRounds(100); // 3,000 events waiting
    relayA.start();
    await eventually(() => expect(relayA.role).toBe('leader'));
    relayB.start();
    await eventually(() => expect(relayB.role).toBe('standby'));
    await expect(relayB.check()).resolves.toBeUndefined(); // a standby is healthy, not "down"

    await eventually(async () => expect(await streamCount(ctx)).toBeGreaterThanOrEqual(500), 30_000);
    await proxyA.cut();
    const cutAt = Date.now();
    await eventually(() => expect(relayB.role).toBe('leader'), 10_000);
    const takeoverMs = Date.now() - cutAt;
    expect(relayA.role).not.toBe('leader');

    await waitUntilRelayed(ctx, db.postgres, 3000, 60_000);
    await expectExactlyOnceInOrder(ctx, 3000, AGGREGATES);
    expect(relayA.publishedCount).toBeGreaterThan(0);
    expect(relayB.publishedCount).toBeGreaterThan(0);
    // Seen on this machine: ~200-400 ms with lockPollMs 200 (the bound is lockPollMs × 1.5 + a reconnect).
    expect(takeoverMs).toBeLessThan(10_000);
  }, 90_000);

  it('survives Postgres terminating the leader session, with the old leader rejoined as a standby', async () => {
    await proxyA.restore();
    await eventually(() => expect(relayA.role).toBe('standby'), 15_000);

    await writeRounds(40); // 1,200 more
    await eventually(async () => expect(await streamCount(ctx)).toBeGreaterThanOrEqual(3100), 30_000);
    const [killed] = (await db.postgres.dataSource.query(
      `SELECT pid, pg_terminate_backend(pid) AS done FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    )) as Array<{ pid: number; done: boolean }>;
    expect(killed?.done).toBe(true);

    // Whichever relay gets there first (the terminated one reconnects too) leads, on a new session, alone.
    await eventually(async () => {
      const holders = (await db.postgres.dataSource.query(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      )) as Array<{ pid: number }>;
      expect(holders).toHaveLength(1);
      expect(holders[0]?.pid).not.toBe(killed?.pid);
      expect([relayA.role, relayB.role].sort()).toEqual(['leader', 'standby']);
    }, 10_000);
    await waitUntilRelayed(ctx, db.postgres, 4200, 60_000);
    await expectExactlyOnceInOrder(ctx, 4200, AGGREGATES);
  }, 90_000);

  it('a leader that cannot reach NATS gives up the lock to a standby that can', async () => {
    const natsProxy = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: 4222 });
    const cutOffNats = await natsOnSameStream(ctx, natsProxy.url('nats'), 'relay-c');
    const cutOff = testRelay(db.database.url, cutOffNats, { abdicateAfterMs: 1000 });
    const standby = testRelay(db.database.url, natsB);
    leading = standby; // what the next test shuts down
    try {
      // Make the relay behind the proxy the leader, then give it a standby. With A or B still
      // polling for the lock while it started, either could win it (it lost under CI's load).
      await Promise.all([relayA.close(), relayB.close()]);
      cutOff.start();
      await eventually(() => expect(cutOff.role).toBe('leader'), 5_000);
      standby.start();
      await eventually(() => expect(standby.role).toBe('standby'), 5_000);
      await natsProxy.cut();
      await writeRounds(10); // 300 events the cut-off leader cannot publish

      await eventually(() => expect(standby.role).toBe('leader'), 15_000);
      expect(cutOff.role).not.toBe('leader');
      await waitUntilRelayed(ctx, db.postgres, 4500, 30_000);
      await expectExactlyOnceInOrder(ctx, 4500, AGGREGATES);
    } finally {
      await cutOff.close();
      // Restored first: a nats.js client closed while it is still reconnecting keeps the process alive.
      await natsProxy.restore();
      await eventually(() => expect(cutOffNats.isConnected).toBe(true), 10_000);
      await cutOffNats.close();
      await natsProxy.close();
    }
  }, 60_000);

  it('hands over at once when the leader shuts down gracefully (close releases the lock)', async () => {
    // The previous test's standby leads now: give it a standby again.
    if (!leading) throw new Error('the previous test left no relay leading');
    const leader = leading;
    expect(leader.role).toBe('leader');
    const next = testRelay(db.database.url, natsB);
    try {
      next.start();
      await eventually(() => expect(next.role).toBe('standby'), 5_000);
      await leader.close();
      expect(leader.role).toBe('stopped');
      await eventually(() => expect(next.role).toBe('leader'), 5_000);
      await writeRounds(10);
      await waitUntilRelayed(ctx, db.postgres, 4800, 30_000);
      await expectExactlyOnceInOrder(ctx, 4800, AGGREGATES);
    } finally {
      await next.close();
    }
  }, 60_000);
});
