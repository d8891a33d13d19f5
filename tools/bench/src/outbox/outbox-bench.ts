import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventEnvelopeSchema, type EventEnvelope } from '@forecastin/contracts';
import { createLogger } from '@forecastin/observability';
import { createOutboxTable, dropOutboxTable, enqueueEvents, NatsDependency, OutboxRelay } from '@forecastin/messaging';
import { createServiceDataSource, runMigrations } from '@forecastin/persistence';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { median } from '../stats';
import { renderOutboxMarkdown } from './outbox-report';
import { BENCH_SUBJECT, benchEvents } from './outbox-workload';

/** The outbox of a throwaway schema (`outbox_bench_<run id>`, dropped afterwards). */
function benchMigration(schema: string): new () => MigrationInterface {
  return class CreateBenchOutbox1795400000000 implements MigrationInterface {
    readonly name = 'CreateBenchOutbox1795400000000';
    up = (queryRunner: QueryRunner): Promise<void> => createOutboxTable(queryRunner, schema);
    down = (queryRunner: QueryRunner): Promise<void> => dropOutboxTable(queryRunner, schema);
  };
}

export interface OutboxBenchOptions {
  readonly rounds: number;
  /** Events per round and side. */
  readonly events: number;
  readonly outputDir: string;
  readonly natsUrl: string;
  readonly databaseUrl: string;
}

export type OutboxSide = 'publishEvent' | 'relayManyAggregates' | 'relayFewAggregates';

export interface OutboxBenchResult {
  readonly startedAt: string;
  readonly events: number;
  readonly rounds: number;
  readonly maxInFlight: number;
  readonly fewAggregates: number;
  /** Events per second, per round, in the order they ran. */
  readonly perRound: Readonly<Record<OutboxSide, readonly number[]>>;
  readonly median: Readonly<Record<OutboxSide, number>>;
  /** relay (many aggregates) / direct publishEvent with the same number in flight. */
  readonly ratio: number;
  readonly ratioFewAggregates: number;
  readonly machine: { readonly cores: number; readonly cpuModel: string; readonly node: string; readonly loadAverageBefore: readonly number[]; readonly loadAverageAfter: readonly number[] };
}

const MAX_IN_FLIGHT = 256;
const FEW_AGGREGATES = 20;

async function streamMessages(nats: NatsDependency): Promise<number> {
  return (await (await nats.jetstreamManager()).streams.info(nats.eventsStream)).state.messages;
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await sleep(5);
}

/** Baseline: the same events straight to JetStream with publishEvent, MAX_IN_FLIGHT at a time. */
async function publishDirectly(nats: NatsDependency, events: readonly EventEnvelope[]): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: MAX_IN_FLIGHT }, async () => {
      while (next < events.length) {
        const event = events[next++] as EventEnvelope;
        await nats.publishEvent(event, { schema: eventEnvelopeSchema, subject: nats.subjects.raw(BENCH_SUBJECT) });
      }
    }),
  );
  return events.length / ((performance.now() - started) / 1000);
}

/** Subject: the events committed to the outbox beforehand (untimed), then timed from relay start to an empty table. */
async function relayBacklog(dataSource: DataSource, url: string, schema: string, nats: NatsDependency, events: readonly EventEnvelope[]): Promise<number> {
  for (let start = 0; start < events.length; start += 1000) {
    await dataSource.transaction((manager) =>
      enqueueEvents(manager, events.slice(start, start + 1000), { schema: eventEnvelopeSchema, subject: BENCH_SUBJECT, outboxSchema: schema }),
    );
  }
  const before = await streamMessages(nats);
  const relay = new OutboxRelay({ url, schema, nats, logger: createLogger({ service: 'outbox-bench', level: 'warn' }), maxInFlight: MAX_IN_FLIGHT });
  const started = performance.now();
  relay.start();
  await until(async () => (await streamMessages(nats)) >= before + events.length);
  const perSecond = events.length / ((performance.now() - started) / 1000);
  await relay.close();
  const [left] = (await dataSource.query(`SELECT count(*)::int AS n FROM ${schema}.outbox`)) as Array<{ n: number }>;
  if (left?.n !== 0) throw new Error(`relay left ${String(left?.n)} rows behind`);
  return perSecond;
}

/**
 * Outbox relay throughput (events/s from a committed backlog to JetStream acks, rows deleted)
 * against publishEvent straight to JetStream with as many publishes in flight, in one process,
 * rounds alternating the sides. Real Postgres (a throwaway database) and NATS (a throwaway stream).
 */
export async function runOutboxBench(options: OutboxBenchOptions): Promise<{ result: OutboxBenchResult; markdown: string; files: string[] }> {
  const startedAt = new Date().toISOString();
  const loadAverageBefore = os.loadavg();
  const logger = createLogger({ service: 'outbox-bench', level: 'warn' });
  const runId = randomBytes(4).toString('hex');
  const schema = `outbox_bench_${runId}`;
  const url = options.databaseUrl;
  let dataSource: DataSource | undefined;
  const nats = new NatsDependency({
    url: options.natsUrl,
    connectionName: 'outbox-bench',
    logger,
    subjectPrefix: `bench_${runId}`,
    eventsStream: `EVENTS_bench_${runId}`,
    eventsMaxAgeMs: 3_600_000,
    eventsMaxBytes: 1024 ** 3,
  });
  try {
    await runMigrations({ url, schema, migrations: [benchMigration(schema)], logger });
    dataSource = createServiceDataSource({ url, schema, migrations: [], logger, poolMax: 2 });
    await dataSource.initialize();
    await nats.connect();
    const ds = dataSource;
    const sides: Record<OutboxSide, () => Promise<number>> = {
      publishEvent: () => publishDirectly(nats, benchEvents(options.events, options.events)),
      relayManyAggregates: () => relayBacklog(ds, url, schema, nats, benchEvents(options.events, options.events)),
      relayFewAggregates: () => relayBacklog(ds, url, schema, nats, benchEvents(options.events, FEW_AGGREGATES)),
    };
    const order: OutboxSide[] = ['publishEvent', 'relayManyAggregates', 'relayFewAggregates'];
    for (const side of order) await sides[side](); // warm-up (JIT, connections, stream files)
    const perRound: Record<OutboxSide, number[]> = { publishEvent: [], relayManyAggregates: [], relayFewAggregates: [] };
    for (let round = 0; round < options.rounds; round += 1) {
      for (const side of order) perRound[side].push(await sides[side]());
    }
    const medians = {
      publishEvent: median(perRound.publishEvent),
      relayManyAggregates: median(perRound.relayManyAggregates),
      relayFewAggregates: median(perRound.relayFewAggregates),
    };
    const result: OutboxBenchResult = {
      startedAt,
      events: options.events,
      rounds: options.rounds,
      maxInFlight: MAX_IN_FLIGHT,
      fewAggregates: FEW_AGGREGATES,
      perRound,
      median: medians,
      ratio: medians.relayManyAggregates / medians.publishEvent,
      ratioFewAggregates: medians.relayFewAggregates / medians.publishEvent,
      machine: { cores: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageBefore, loadAverageAfter: os.loadavg() },
    };
    const markdown = renderOutboxMarkdown(result);
    mkdirSync(options.outputDir, { recursive: true });
    const base = path.join(options.outputDir, `outbox-${startedAt.replace(/[:.]/g, '-')}`);
    writeFileSync(`${base}.json`, JSON.stringify(result, null, 2));
    writeFileSync(`${base}.md`, markdown);
    return { result, markdown, files: [`${base}.json`, `${base}.md`] };
  } finally {
    if (nats.isConnected) await (await nats.jetstreamManager()).streams.delete(nats.eventsStream).catch(() => undefined);
    await nats.close();
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  }
}
