import { setTimeout as sleep } from 'node:timers/promises';
import { hierarchyInvalidationEventSchema, type HierarchyInvalidationEvent } from '@forecastin/contracts';
import { initTracing, type Tracing } from '@forecastin/observability';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Msg } from 'nats';
import { eventually, natsTestContext, type NatsTestContext } from '../../test/nats-test-context';
import { invalidationEvent, WORKSPACE_ID } from '../../test/test-events';
import type { DeadLetter } from './dead-letter';
import type { BatchEventHandler, EventConsumer, EventMeta } from './consume-events';

describe('consumeEvents (real JetStream)', () => {
  let ctx: NatsTestContext;
  let tracing: Tracing;
  const spans = new InMemorySpanExporter();
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    tracing = initTracing({ service: 'messaging-test', spanProcessors: [new SimpleSpanProcessor(spans)], instrumentPg: false });
    ctx = await natsTestContext('consume');
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await ctx.dispose();
    await tracing.shutdown();
  });

  /** Each test consumes its own subject so the tests do not see each other's events. */
  function subjectFor(action: string): string {
    return ctx.nats.subjects.raw(`evt.${WORKSPACE_ID}.hierarchy.${action}`);
  }

  async function start(durable: string, action: string, handler: (event: HierarchyInvalidationEvent, meta: EventMeta) => Promise<void>) {
    const consumer = await ctx.nats.consumeEvents({
      durable,
      filterSubjects: [subjectFor(action)],
      schema: hierarchyInvalidationEventSchema,
      handler,
      maxDeliver: 3,
      ackWaitMs: 5000,
      retryDelay: { baseMs: 100, maxMs: 400 },
    });
    consumers.push(consumer);
    return consumer;
  }

  /** Batch mode with the completion tests' settings: up to 8 a batch, 3 deliveries, fast retries. */
  async function startBatched(durable: string, action: string, batchHandler: BatchEventHandler<HierarchyInvalidationEvent>) {
    const consumer = await ctx.nats.consumeEvents({
      durable,
      filterSubjects: [subjectFor(action)],
      schema: hierarchyInvalidationEventSchema,
      batchSize: 8,
      maxDeliver: 3,
      ackWaitMs: 5000,
      retryDelay: { baseMs: 50, maxMs: 100 },
      batchHandler,
    });
    consumers.push(consumer);
    return consumer;
  }

  async function consumerInfo(durable: string) {
    return (await ctx.nats.jetstreamManager()).consumers.info(ctx.stream, durable);
  }

  it('hands valid events to the handler with their stream sequence, in a span under the producer, and acks them', async () => {
    const received: Array<{ event: HierarchyInvalidationEvent; meta: EventMeta; traceId: string | undefined }> = [];
    const { trace } = await import('@opentelemetry/api');
    await start('valid', 'ok', async (event, meta) => {
      received.push({ event, meta, traceId: trace.getActiveSpan()?.spanContext().traceId });
    });
    const first = invalidationEvent('world.asia');
    const second = invalidationEvent('world.asia.japan');
    const firstSeq = await ctx.nats.publishEvent(first, { subject: subjectFor('ok'), requestId: 'req_consume_1' });
    const secondSeq = await ctx.nats.publishEvent(second, { subject: subjectFor('ok') });

    await eventually(() => expect(received).toHaveLength(2));
    expect(received.map((r) => r.event)).toEqual([first, second]);
    expect(received.map((r) => r.meta.streamSequence)).toEqual([firstSeq, secondSeq]);
    expect(received[0]?.meta).toMatchObject({ deliveryCount: 1, requestId: 'req_consume_1', subject: subjectFor('ok') });
    const publishSpan = spans.getFinishedSpans().find((span) => span.name === `publish ${subjectFor('ok')}`);
    expect(received[0]?.traceId).toBe(publishSpan?.spanContext().traceId);

    await eventually(async () => {
      const info = await consumerInfo('valid');
      expect(info.num_ack_pending).toBe(0);
      expect(info.ack_floor.stream_seq).toBe(secondSeq);
    });
  });

  it('parks a malformed event on dlq.<durable> at once and never redelivers it, and goes on with the next', async () => {
    const parked: Msg[] = [];
    const dlq = ctx.nats.connection.subscribe(ctx.nats.subjects.deadLetter('parking'), { callback: (_err, msg) => parked.push(msg) });
    const handled: HierarchyInvalidationEvent[] = [];
    await start('parking', 'mixed', async (event) => {
      handled.push(event);
    });

    const js = ctx.nats.jetstream();
    const notJson = await js.publish(subjectFor('mixed'), 'this is not json');
    const wrongShape = await js.publish(subjectFor('mixed'), JSON.stringify({ ...invalidationEvent('world'), affected_paths: [] }));
    const valid = invalidationEvent('world.africa');
    await ctx.nats.publishEvent(valid, { subject: subjectFor('mixed') });

    await eventually(() => expect(handled).toEqual([valid]));
    await eventually(() => expect(parked).toHaveLength(2));
    const letters = parked.map((msg) => msg.json<DeadLetter>());
    expect(letters.map((letter) => letter.stream_sequence)).toEqual([notJson.seq, wrongShape.seq]);
    expect(letters[0]).toMatchObject({ durable: 'parking', body: 'this is not json', body_encoding: 'utf8', delivery_count: 1 });
    expect(letters[0]?.reason).toMatch(/not UTF-8 JSON/);
    expect(letters[1]?.details).toEqual([expect.objectContaining({ field: 'affected_paths' })]);

    await sleep(600); // longer than any retry delay: a redelivery would show up now
    const info = await consumerInfo('parking');
    expect(info.num_redelivered).toBe(0);
    expect(info.num_ack_pending).toBe(0);
    expect(parked).toHaveLength(2);
    dlq.unsubscribe();
  });

  it('retries a throwing handler with backoff until it succeeds', async () => {
    const attempts: Array<{ deliveryCount: number; at: number }> = [];
    await start('retrying', 'flaky', async (_event, meta) => {
      attempts.push({ deliveryCount: meta.deliveryCount, at: Date.now() });
      if (meta.deliveryCount < 3) throw new Error('database briefly unavailable');
    });
    await ctx.nats.publishEvent(invalidationEvent('world.oceania'), { subject: subjectFor('flaky') });

    await eventually(() => expect(attempts.map((a) => a.deliveryCount)).toEqual([1, 2, 3]));
    const [a1, a2, a3] = attempts.map((a) => a.at);
    // nak delays: ~100 ms after the 1st failure, ~200 ms after the 2nd (20% jitter below).
    expect((a2 ?? 0) - (a1 ?? 0)).toBeGreaterThanOrEqual(75);
    expect((a3 ?? 0) - (a2 ?? 0)).toBeGreaterThanOrEqual(155);
    await eventually(async () => expect((await consumerInfo('retrying')).num_ack_pending).toBe(0));
  });

  it('parks an event whose handler fails on every allowed delivery', async () => {
    const parked: Msg[] = [];
    const dlq = ctx.nats.connection.subscribe(ctx.nats.subjects.deadLetter('poison'), { callback: (_err, msg) => parked.push(msg) });
    let calls = 0;
    await start('poison', 'poison', async () => {
      calls += 1;
      throw new Error('always broken');
    });
    await ctx.nats.publishEvent(invalidationEvent('world.antarctica'), { subject: subjectFor('poison') });

    await eventually(() => expect(parked).toHaveLength(1));
    expect(calls).toBe(3);
    expect(parked[0]?.json<DeadLetter>().reason).toMatch(/delivery 3 of 3: always broken/);
    dlq.unsubscribe();
  });

  it('stop() lets the message in progress finish before resolving', async () => {
    let finished = false;
    let started!: () => void;
    const inProgress = new Promise<void>((resolve) => (started = resolve));
    const consumer = await start('stopping', 'slow', async () => {
      started();
      await sleep(300);
      finished = true;
    });
    await ctx.nats.publishEvent(invalidationEvent('world.slow'), { subject: subjectFor('slow') });
    await inProgress;
    await consumer.stop();
    expect(finished).toBe(true);
    await eventually(async () => expect((await consumerInfo('stopping')).num_ack_pending).toBe(0), 1000);
  });
  it('batch mode: a backlog arrives in batches in stream order, acked; a failing event is retried and parked alone', async () => {
    const batches: number[][] = [];
    const parked: Msg[] = [];
    const dlq = ctx.nats.connection.subscribe(ctx.nats.subjects.deadLetter('batched'), { callback: (_err, msg) => parked.push(msg) });
    const sequences: number[] = [];
    for (let index = 0; index < 30; index++) {
      sequences.push(await ctx.nats.publishEvent(invalidationEvent(index === 7 ? 'world.poison' : `world.n${index}`), { subject: subjectFor('batch') }));
    }
    const consumer = await ctx.nats.consumeEvents({
      durable: 'batched',
      filterSubjects: [subjectFor('batch')],
      schema: hierarchyInvalidationEventSchema,
      batchSize: 8,
      maxDeliver: 2,
      ackWaitMs: 5000,
      retryDelay: { baseMs: 50, maxMs: 100 },
      batchHandler: async (batch) => {
        if (batch.some(({ event }) => event.affected_paths[0] === 'world.poison')) throw new Error('poison in the batch');
        batches.push(batch.map(({ meta }) => meta.streamSequence));
      },
    });
    consumers.push(consumer);
    await eventually(() => expect(parked).toHaveLength(1));
    expect(parked[0]?.json<DeadLetter>().stream_sequence).toBe(sequences[7]);
    await eventually(() => expect(batches.flat().sort((a, b) => a - b)).toEqual(sequences.filter((_seq, index) => index !== 7)));
    expect(batches.some((batch) => batch.length > 1)).toBe(true);
    for (const batch of batches) expect(batch).toEqual([...batch].sort((a, b) => a - b));
    await eventually(async () => expect((await consumerInfo('batched')).num_ack_pending).toBe(0));
    dlq.unsubscribe();
  });

  it('batch mode with completions: the next batch is handed over while the previous completes, acks wait for it, a rejected completion redelivers its batch', async () => {
    const sequences: number[] = [];
    for (let index = 0; index < 24; index++) sequences.push(await ctx.nats.publishEvent(invalidationEvent(`world.c${index}`), { subject: subjectFor('completion') }));
    const failing = sequences[10] ?? 0;
    const handled: number[] = [];
    let pending = 0;
    let maxPending = 0;
    let failOnce = true;
    await startBatched('completing', 'completion', async (batch) => {
      const seqs = batch.map(({ meta }) => meta.streamSequence);
      handled.push(...seqs);
      pending += 1;
      maxPending = Math.max(maxPending, pending);
      const completed = sleep(100).then(() => {
        pending -= 1;
        if (failOnce && seqs.includes(failing)) {
          failOnce = false;
          throw new Error('invalidation failed');
        }
      });
      return { completed };
    });
    await eventually(async () => {
      const info = await consumerInfo('completing');
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_pending).toBe(0);
    }, 10_000);
    // A batch was handed over while the previous one was completing, never more than one behind.
    expect(maxPending).toBe(2);
    // The batch whose completion failed was not acked: it came back and was handled again.
    expect(handled.filter((seq) => seq === failing)).toHaveLength(2);
    expect(new Set(handled)).toEqual(new Set(sequences));
  });
  it('batch mode, lone events: the next event is handed over while the previous one completes, acks wait for it, a rejected completion redelivers it', async () => {
    const handledAt = new Map<number, number[]>();
    const completedAt = new Map<number, number>();
    let first = 0;
    let failOnce = true;
    await startBatched('lone-completing', 'lone', async (batch) => {
      const seqs = batch.map(({ meta }) => meta.streamSequence);
      for (const seq of seqs) handledAt.set(seq, [...(handledAt.get(seq) ?? []), performance.now()]);
      const completed = sleep(300).then(() => {
        for (const seq of seqs) completedAt.set(seq, performance.now());
        if (failOnce && seqs.includes(first)) {
          failOnce = false;
          throw new Error('invalidation failed');
        }
      });
      return { completed };
    });
    // One event, then a second once the first is handled (each arrives alone: a batch of one).
    first = await ctx.nats.publishEvent(invalidationEvent('world.lone1'), { subject: subjectFor('lone') });
    await eventually(() => expect(handledAt.has(first)).toBe(true));
    const second = await ctx.nats.publishEvent(invalidationEvent('world.lone2'), { subject: subjectFor('lone') });
    await eventually(() => expect(handledAt.has(second)).toBe(true));
    // The second was handed over while the first was still completing (before: only after it).
    expect(handledAt.get(second)?.[0]).toBeLessThan(completedAt.get(first) ?? Number.POSITIVE_INFINITY);
    await eventually(async () => {
      const info = await consumerInfo('lone-completing');
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_pending).toBe(0);
    }, 10_000);
    // The first one's completion failed: it was not acked, came back and was handled again.
    expect(handledAt.get(first)).toHaveLength(2);
    expect(handledAt.get(second)).toHaveLength(1);
  });
});
