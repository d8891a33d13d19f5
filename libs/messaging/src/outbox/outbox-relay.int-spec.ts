import { randomUUID } from 'node:crypto';
import { initTracing, withSpan, type Tracing } from '@forecastin/observability';
import { withTenant } from '@forecastin/persistence';
import { TcpProxy } from '@forecastin/testing';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Registry } from 'prom-client';
import { eventually, natsTestContext, type NatsTestContext } from '../../test/nats-test-context';
import {
  enqueueProbes,
  OUTBOX_SCHEMA,
  OUTBOX_WORKSPACE,
  outboxDatabase,
  PROBE_SUBJECT,
  outboxRowCount,
  readStream,
  streamCount,
  testRelay,
  versionedEvent,
  type OutboxDatabase,
} from '../../test/outbox-test-context';
import { InvalidMessageError } from '../errors/messaging.errors';
import { enqueueEvent } from './enqueue-event';
import type { OutboxRelay } from './outbox-relay';

describe('outbox: enqueue in the write transaction, relay to JetStream (real Postgres + NATS)', () => {
  let ctx: NatsTestContext;
  let db: OutboxDatabase;
  let relay: OutboxRelay;
  let tracing: Tracing;
  const spans = new InMemorySpanExporter();
  const registry = new Registry();

  beforeAll(async () => {
    tracing = initTracing({ service: 'outbox-test', spanProcessors: [new SimpleSpanProcessor(spans)], instrumentPg: false });
    [ctx, db] = await Promise.all([natsTestContext('outbox'), outboxDatabase()]);
    relay = testRelay(db.database.url, ctx.nats);
    relay.registerMetrics(registry);
    await relay.connect();
    await eventually(() => expect(relay.role).toBe('leader'));
  });

  afterAll(async () => {
    await relay.close();
    await Promise.all([ctx.dispose(), db.dispose()]);
    await tracing.shutdown();
  });

  it('publishes an event of a committed tenant transaction once, with its subject, msg id and captured headers', async () => {
    const event = versionedEvent(randomUUID(), 1);
    const before = await streamCount(ctx);
    const traceId = await withSpan('handle request', {}, async (span) => {
      await withTenant(db.postgres.dataSource, OUTBOX_WORKSPACE, (manager) => enqueueProbes(manager, [event], { requestId: 'req_outbox_1' }));
      return span.spanContext().traceId;
    });

    await eventually(async () => expect(await streamCount(ctx)).toBe(before + 1));
    const stored = (await readStream(ctx)).find((message) => message.msgId === event.event_id);
    expect(stored?.subject).toBe(`${ctx.prefix}.${PROBE_SUBJECT}`);
    expect(stored?.body).toEqual(event);
    expect(stored?.headers['x-request-id']).toBe('req_outbox_1');
    // The trace of the request that wrote the event, not of the relay loop that published it later.
    expect(stored?.headers['traceparent']).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    await eventually(async () => expect(await outboxRowCount(db.postgres)).toBe(0));
    expect(spans.getFinishedSpans().some((span) => span.name === 'outbox relay batch')).toBe(true);
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    const rolledBack = versionedEvent(randomUUID(), 1);
    const committed = versionedEvent(randomUUID(), 1);
    await expect(
      withTenant(db.postgres.dataSource, OUTBOX_WORKSPACE, async (manager) => {
        await enqueueProbes(manager, [rolledBack]);
        throw new Error('business rule failed after the enqueue');
      }),
    ).rejects.toThrow('business rule failed');
    await withTenant(db.postgres.dataSource, OUTBOX_WORKSPACE, (manager) => enqueueProbes(manager, [committed]));

    // The later commit is out, so the relay has been through the table since the rollback.
    await eventually(async () => expect((await readStream(ctx)).some((message) => message.msgId === committed.event_id)).toBe(true));
    expect((await readStream(ctx)).some((message) => message.msgId === rolledBack.event_id)).toBe(false);
  });

  it('keeps the order of a list enqueued in one transaction', async () => {
    const aggregate = randomUUID();
    const events = [1, 2, 3, 4, 5].map((version) => versionedEvent(aggregate, version));
    await withTenant(db.postgres.dataSource, OUTBOX_WORKSPACE, (manager) => enqueueProbes(manager, events));
    await eventually(async () => {
      const ours = (await readStream(ctx)).filter((message) => message.body['entity_id'] === aggregate);
      expect(ours.map((message) => message.msgId)).toEqual(events.map((event) => event.event_id));
    });
  });

  it('stores a re-enqueued event id once (JetStream dedupe) and counts the duplicate', async () => {
    const event = versionedEvent(randomUUID(), 1);
    const enqueue = (): Promise<void> => withTenant(db.postgres.dataSource, OUTBOX_WORKSPACE, (manager) => enqueueProbes(manager, [event]));
    await enqueue();
    await eventually(async () => expect(await outboxRowCount(db.postgres)).toBe(0));
    const duplicatesBefore = relay.duplicateCount;
    await enqueue(); // e.g. a retried write that rebuilt the same event after the first was relayed
    await eventually(async () => expect(await outboxRowCount(db.postgres)).toBe(0));
    expect(relay.duplicateCount).toBe(duplicatesBefore + 1);
    expect((await readStream(ctx)).filter((message) => message.msgId === event.event_id)).toHaveLength(1);
  });

  it('refuses an invalid event before writing anything, with field details', async () => {
    const before = await outboxRowCount(db.postgres);
    const invalid = { ...versionedEvent(randomUUID(), 1), event_id: 'not-a-uuid' };
    const failure = await withTenant(db.postgres.dataSource, OUTBOX_WORKSPACE, (manager) =>
      enqueueProbes(manager, [versionedEvent(randomUUID(), 1), invalid]),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidMessageError);
    expect((failure as InvalidMessageError).details.map((detail) => detail.field)).toEqual(['event_id']);
    expect(await outboxRowCount(db.postgres)).toBe(before);
    // Without a schema, the strict platform schema refuses a type it does not know.
    await expect(
      withTenant(db.postgres.dataSource, OUTBOX_WORKSPACE, (manager) => enqueueEvent(manager, versionedEvent(randomUUID(), 1))),
    ).rejects.toBeInstanceOf(InvalidMessageError);
  });

  it('lets the tenant app role insert but never read, change or delete outbox rows', async () => {
    const visible = await withTenant(db.postgres.dataSource, OUTBOX_WORKSPACE, async (manager) => {
      await enqueueProbes(manager, [versionedEvent(randomUUID(), 1)], { outboxSchema: OUTBOX_SCHEMA });
      const rows = (await manager.query(`SELECT count(*)::int AS n FROM ${OUTBOX_SCHEMA}.outbox`)) as Array<{ n: number }>;
      const [, deleted] = (await manager.query(`DELETE FROM ${OUTBOX_SCHEMA}.outbox`)) as [unknown, number];
      return { rows: rows[0]?.n, deleted };
    });
    expect(visible).toEqual({ rows: 0, deleted: 0 });
  });

  it('keeps retrying while Postgres is unreachable, reported as down but not required, then stands by', async () => {
    const proxy = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: 5432 });
    await proxy.cut();
    const second = testRelay(proxy.rewriteUrl(db.database.url), ctx.nats);
    try {
      await second.connect(); // resolves at once: the relay retries on its own
      await eventually(() => expect(second.check()).rejects.toThrow());
      expect(second.required).toBe(false);
      expect(second.details()['role']).toBe('connecting');
      await proxy.restore();
      await eventually(() => expect(second.role).toBe('standby'), 10_000); // the first relay still leads
      await expect(second.check()).resolves.toBeUndefined();
    } finally {
      await second.close();
      await proxy.close();
    }
    expect(second.role).toBe('stopped');
    expect(relay.role).toBe('leader');
  });

  it('reports its role and lag in readiness details and metrics', async () => {
    await expect(relay.check()).resolves.toBeUndefined();
    expect(relay.details()).toMatchObject({ role: 'leader', pending_rows: expect.stringMatching(/^\d+$/) });
    const text = await registry.metrics();
    expect(text).toMatch(new RegExp(`forecastin_outbox_relay_leader\\{schema="${OUTBOX_SCHEMA}"\\} 1`));
    expect(text).toMatch(/forecastin_outbox_published_total\{schema="outbox_probe"\} [1-9]/);
    expect(text).toContain('forecastin_outbox_pending_rows');
    expect(text).toContain('forecastin_outbox_oldest_pending_age_seconds');
    expect(text).toMatch(/forecastin_outbox_duplicates_total\{schema="outbox_probe"\} [1-9]/);
  });
});
