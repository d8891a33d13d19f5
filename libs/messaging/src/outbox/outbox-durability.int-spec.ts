import { randomUUID } from 'node:crypto';
import { TcpProxy } from '@forecastin/testing';
import { eventually, natsTestContext, type NatsTestContext } from '../../test/nats-test-context';
import {
  expectExactlyOnceInOrder,
  natsOnSameStream,
  outboxDatabase,
  outboxRowCount,
  streamCount,
  testRelay,
  waitUntilRelayed,
  writeVersions,
  type OutboxDatabase,
} from '../../test/outbox-test-context';
import type { NatsDependency } from '../connection/nats.dependency';
import type { OutboxRelay } from './outbox-relay';

const WRITES = 5000;
const AGGREGATES = 40;
const WRITERS = 8;
/** Aggregates bumped per transaction: 5,000 writes in 1,250 concurrent transactions. */
const PER_TRANSACTION = 4;

describe('outbox durability: NATS cut during 5,000 concurrent writes (real Postgres + NATS)', () => {
  let ctx: NatsTestContext;
  let db: OutboxDatabase;
  let proxy: TcpProxy;
  let relayNats: NatsDependency;
  let relay: OutboxRelay;

  beforeAll(async () => {
    [ctx, db, proxy] = await Promise.all([
      natsTestContext('outbox-durability'),
      outboxDatabase(WRITERS),
      TcpProxy.start({ targetHost: '127.0.0.1', targetPort: 4222 }),
    ]);
    relayNats = await natsOnSameStream(ctx, proxy.url('nats'));
    relay = testRelay(db.database.url, relayNats);
    relay.start();
    await eventually(() => expect(relay.role).toBe('leader'));
  });

  afterAll(async () => {
    await relay.close();
    await relayNats.close();
    await proxy.close();
    await Promise.all([ctx.dispose(), db.dispose()]);
  });

  it('ends with exactly 5,000 events in the stream, each once, in per-aggregate order', async () => {
    const aggregates = Array.from({ length: AGGREGATES }, () => randomUUID());
    let issued = 0;
    // Concurrent tenant transactions, each bumping a few aggregates' versions and enqueueing their events.
    const writers = Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (issued < WRITES) {
          const first = issued;
          issued += PER_TRANSACTION;
          await writeVersions(db.postgres, Array.from({ length: PER_TRANSACTION }, (_, i) => aggregates[(first + i) % AGGREGATES] as string));
        }
      }),
    );

    // Cut NATS (the relay's connection only) once publishing is well under way, mid-stream of writes.
    await eventually(async () => expect(await streamCount(ctx)).toBeGreaterThanOrEqual(300), 60_000);
    await proxy.cut();
    const publishedAtCut = await streamCount(ctx);
    // The leader notices: publishes fail, it reports it (readiness detail), and rows pile up.
    await eventually(() => expect(relay.check()).rejects.toThrow(/nats|publish|timed out|disconnect/i), 20_000);
    await writers;
    expect(await outboxRowCount(db.postgres)).toBeGreaterThan(0);
    expect(publishedAtCut).toBeLessThan(WRITES);

    await proxy.restore();
    await waitUntilRelayed(ctx, db.postgres, WRITES);
    await expectExactlyOnceInOrder(ctx, WRITES, AGGREGATES);
    await expect(relay.check()).resolves.toBeUndefined();
  }, 120_000);
});
