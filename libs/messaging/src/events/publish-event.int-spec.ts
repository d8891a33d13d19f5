import { randomUUID } from 'node:crypto';
import { eventEnvelopeSchema } from '@forecastin/contracts';
import { initTracing, type Tracing } from '@forecastin/observability';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { natsTestContext, type NatsTestContext } from '../../test/nats-test-context';
import { invalidationEvent, WORKSPACE_ID } from '../../test/test-events';
import { InvalidMessageError } from '../errors/messaging.errors';

describe('publishEvent (real JetStream)', () => {
  let ctx: NatsTestContext;
  let tracing: Tracing;
  const spans = new InMemorySpanExporter();

  beforeAll(async () => {
    tracing = initTracing({ service: 'messaging-test', spanProcessors: [new SimpleSpanProcessor(spans)], instrumentPg: false });
    ctx = await natsTestContext('publish');
  });

  afterAll(async () => {
    await ctx.dispose();
    await tracing.shutdown();
  });

  async function storedMessages(): Promise<number> {
    return (await (await ctx.nats.jetstreamManager()).streams.info(ctx.stream)).state.messages;
  }

  it('publishes to the routed subject with traceparent and request id headers, returning the sequence', async () => {
    const event = invalidationEvent('world.asia');
    const sequence = await ctx.nats.publishEvent(event, { requestId: 'req_publish_1' });

    const stored = await (await ctx.nats.jetstreamManager()).streams.getMessage(ctx.stream, { seq: sequence });
    expect(stored.subject).toBe(`${ctx.prefix}.evt.${WORKSPACE_ID}.hierarchy.invalidated`);
    expect(stored.json()).toEqual(event);
    expect(stored.header.get('Nats-Msg-Id')).toBe(event.event_id);
    expect(stored.header.get('x-request-id')).toBe('req_publish_1');
    const publishSpan = spans.getFinishedSpans().find((span) => span.name === `publish ${stored.subject}`);
    expect(publishSpan).toBeDefined();
    expect(stored.header.get('traceparent')).toBe(`00-${publishSpan?.spanContext().traceId}-${publishSpan?.spanContext().spanId}-01`);
  });

  it('stores an event once when it is published twice with the same event_id', async () => {
    const eventId = randomUUID();
    const before = await storedMessages();
    const first = await ctx.nats.publishEvent(invalidationEvent('world.europe', eventId));
    const second = await ctx.nats.publishEvent(invalidationEvent('world.europe', eventId));
    expect(second).toBe(first);
    expect(await storedMessages()).toBe(before + 1);
  });

  it('rejects an invalid envelope with field details and publishes nothing', async () => {
    const before = await storedMessages();
    const invalid = { ...invalidationEvent('world'), affected_paths: ['World;drop'], event_id: 'not-a-uuid' };
    const failure = await ctx.nats.publishEvent(invalid).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidMessageError);
    expect((failure as InvalidMessageError).details.map((detail) => detail.field).sort()).toEqual(['affected_paths.0', 'event_id']);
    expect(await storedMessages()).toBe(before);
  });

  it('refuses an event type that has no route unless a subject is given', async () => {
    const event = { ...invalidationEvent('world'), type: 'custom_signal' };
    await expect(ctx.nats.publishEvent(event, { schema: eventEnvelopeSchema })).rejects.toThrow(/not published on NATS/);

    const subject = ctx.nats.subjects.raw(`evt.${WORKSPACE_ID}.hierarchy.signalled`);
    const sequence = await ctx.nats.publishEvent(event, { schema: eventEnvelopeSchema, subject });
    const stored = await (await ctx.nats.jetstreamManager()).streams.getMessage(ctx.stream, { seq: sequence });
    expect(stored.subject).toBe(subject);
  });
});
