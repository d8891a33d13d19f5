import { randomUUID } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { API_VERSION, eventEnvelopeSchema, type EventEnvelope } from '@forecastin/contracts';
import { PostgresDependency, runMigrations, withTenant } from '@forecastin/persistence';
import { createCaptureLogger, createMigratedDatabase, fingerprintSources, type TestDatabase } from '@forecastin/testing';
import type { ConsumerMessages, JsMsg } from 'nats';
import {
  createOutboxTable,
  dropOutboxTable,
  enqueueEvents,
  NatsDependency,
  OutboxRelay,
  type EnqueueEventOptions,
  type OutboxQueryable,
  type OutboxRelayOptions,
} from '../src';
import { eventually, NATS_URL, type NatsTestContext } from './nats-test-context';

export const OUTBOX_SCHEMA = 'outbox_probe';
export const OUTBOX_WORKSPACE = '5b0d6c1e-8f3a-4e2b-9c7d-1a2b3c4d5e6f';

/**
 * The outbox plus a versioned aggregate table: a writer bumps an aggregate's version and enqueues
 * its event in one tenant transaction, as entity-service does, so per-aggregate order can be
 * checked on the stream (versions 1, 2, 3, ... per aggregate).
 */
class CreateOutboxProbe1795400000000 implements MigrationInterface {
  readonly name = 'CreateOutboxProbe1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createOutboxTable(queryRunner, OUTBOX_SCHEMA);
    await queryRunner.query(`CREATE TABLE ${OUTBOX_SCHEMA}.aggregates (id uuid PRIMARY KEY, version int NOT NULL DEFAULT 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${OUTBOX_SCHEMA}.aggregates`);
    await dropOutboxTable(queryRunner, OUTBOX_SCHEMA);
  }
}

export const outboxProbeMigrations = [CreateOutboxProbe1795400000000];

export interface OutboxDatabase {
  readonly database: TestDatabase;
  readonly postgres: PostgresDependency;
  dispose(): Promise<void>;
}

export async function outboxDatabase(poolMax = 10): Promise<OutboxDatabase> {
  const { logger } = createCaptureLogger();
  const database = await createMigratedDatabase({
    templateKey: 'messaging_outbox',
    fingerprint: fingerprintSources([...outboxProbeMigrations, createOutboxTable]),
    migrate: async (url) => {
      await runMigrations({ url, schema: OUTBOX_SCHEMA, migrations: outboxProbeMigrations, logger });
    },
  });
  const postgres = new PostgresDependency({ url: database.url, schema: OUTBOX_SCHEMA, migrations: outboxProbeMigrations, logger, poolMax });
  await postgres.connect();
  return {
    database,
    postgres,
    async dispose() {
      await postgres.close();
      await database.drop();
    },
  };
}

/** Where probe events are routed (a test-only type has no route in contracts). */
export const PROBE_SUBJECT = `evt.${OUTBOX_WORKSPACE}.probe.versioned`;

/**
 * A test-only event type (validated as a generic envelope) of aggregate `entity_id` carrying
 * `version`: decoupled from the entity contract, while the default ordering key still finds
 * `entity_id`, as it does for entity events.
 */
export function versionedEvent(aggregateId: string, version: number): EventEnvelope {
  return eventEnvelopeSchema.parse({
    version: API_VERSION,
    event_id: randomUUID(),
    type: 'outbox_probe',
    timestamp: new Date().toISOString(),
    correlation_id: `req_${randomUUID().replaceAll('-', '')}`,
    workspace_id: OUTBOX_WORKSPACE,
    topic: `entity:${aggregateId}`,
    entity_id: aggregateId,
    aggregate_version: version,
  });
}

/** enqueueEvents for probe events (their schema and subject). */
export function enqueueProbes(manager: OutboxQueryable, events: readonly EventEnvelope[], options: EnqueueEventOptions = {}): Promise<void> {
  return enqueueEvents(manager, events, { schema: eventEnvelopeSchema, subject: PROBE_SUBJECT, ...options });
}

/**
 * One tenant transaction: bump the versions of `aggregateIds` (row locks, taken in sorted order so
 * concurrent writers cannot deadlock) and enqueue one event per bump, as a service's write does.
 */
export async function writeVersions(postgres: PostgresDependency, aggregateIds: readonly string[]): Promise<void> {
  const sorted = [...aggregateIds].sort();
  await withTenant(postgres.dataSource, OUTBOX_WORKSPACE, async (manager) => {
    const rows = (await manager.query(
      `INSERT INTO aggregates (id, version) SELECT id, 1 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n) ORDER BY n
         ON CONFLICT (id) DO UPDATE SET version = aggregates.version + 1 RETURNING id, version`,
      [sorted],
    )) as Array<{ id: string; version: number }>;
    await enqueueProbes(manager, rows.map((row) => versionedEvent(row.id, row.version)));
  });
}

/** A relay on the test's outbox, publishing through `nats`. */
export function testRelay(url: string, nats: NatsDependency, overrides: Partial<OutboxRelayOptions> = {}): OutboxRelay {
  return new OutboxRelay({
    url,
    schema: OUTBOX_SCHEMA,
    nats,
    logger: createCaptureLogger().logger,
    lockPollMs: 200,
    retryInitialMs: 50,
    retryMaxMs: 1000,
    ...overrides,
  });
}

/** A second NatsDependency on the context's prefix and stream (e.g. through a TcpProxy). */
export async function natsOnSameStream(ctx: NatsTestContext, url = NATS_URL, label = 'outbox-relay'): Promise<NatsDependency> {
  const nats = new NatsDependency({
    url,
    connectionName: label,
    logger: createCaptureLogger().logger,
    subjectPrefix: ctx.prefix,
    eventsStream: ctx.stream,
    eventsMaxAgeMs: 3_600_000,
    eventsMaxBytes: 64 * 1024 * 1024,
    connectTimeoutMs: 1000,
    requestTimeoutMs: 1000,
  });
  await nats.connect();
  return nats;
}

export interface StoredEvent {
  readonly seq: number;
  readonly subject: string;
  readonly msgId: string | undefined;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
}

/** Every message of the test's stream, in stream order (an ordered consumer, read to the end). */
export async function readStream(ctx: NatsTestContext): Promise<StoredEvent[]> {
  const jsm = await ctx.nats.jetstreamManager();
  const total = (await jsm.streams.info(ctx.stream)).state.messages;
  const events: StoredEvent[] = [];
  if (total === 0) return events;
  const consumer = await ctx.nats.jetstream().consumers.get(ctx.stream);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 1000 });
  for await (const message of messages as AsyncIterable<JsMsg>) {
    const headers: Record<string, string> = {};
    for (const name of message.headers?.keys() ?? []) headers[name] = message.headers?.get(name) ?? '';
    events.push({ seq: message.seq, subject: message.subject, msgId: headers['Nats-Msg-Id'], headers, body: message.json() });
    if (message.info.pending === 0) break;
  }
  await messages.close();
  return events;
}

/** Stream message count. */
export async function streamCount(ctx: NatsTestContext): Promise<number> {
  return (await (await ctx.nats.jetstreamManager()).streams.info(ctx.stream)).state.messages;
}

/** Rows still in the outbox (read as the owner, outside any tenant). */
export async function outboxRowCount(postgres: PostgresDependency): Promise<number> {
  const [row] = (await postgres.dataSource.query(`SELECT count(*)::int AS n FROM ${OUTBOX_SCHEMA}.outbox`)) as Array<{ n: number }>;
  return row?.n ?? 0;
}

/** Per aggregate, the `aggregate_version`s in stream order. */
export function versionsByAggregate(events: readonly StoredEvent[]): Map<string, number[]> {
  const byAggregate = new Map<string, number[]>();
  for (const event of events) {
    const aggregate = String(event.body['entity_id']);
    const versions = byAggregate.get(aggregate) ?? [];
    versions.push(Number(event.body['aggregate_version']));
    byAggregate.set(aggregate, versions);
  }
  return byAggregate;
}

/** 1, 2, ..., n */
export function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, index) => index + 1);
}

/** Waits until the outbox is empty and the stream holds `total` messages. */
export async function waitUntilRelayed(ctx: NatsTestContext, postgres: PostgresDependency, total: number, timeoutMs = 60_000): Promise<void> {
  await eventually(async () => {
    expect(await outboxRowCount(postgres)).toBe(0);
    expect(await streamCount(ctx)).toBe(total);
  }, timeoutMs);
}

/** The stream holds `total` events, each once (by Nats-Msg-Id = event_id), and every aggregate's versions 1..n in stream order. */
export async function expectExactlyOnceInOrder(ctx: NatsTestContext, total: number, aggregates: number): Promise<void> {
  const events = await readStream(ctx);
  expect(events).toHaveLength(total);
  expect(new Set(events.map((event) => event.msgId)).size).toBe(total);
  expect(events.every((event) => event.msgId === event.body['event_id'])).toBe(true);
  const versions = versionsByAggregate(events);
  expect(versions.size).toBe(aggregates);
  for (const [, list] of versions) expect(list).toEqual(oneTo(list.length));
}
