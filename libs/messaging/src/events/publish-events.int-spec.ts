import { randomUUID } from 'node:crypto';
import { TcpProxy } from '@forecastin/testing';
import { eventually, natsTestContext, type NatsTestContext } from '../../test/nats-test-context';
import { invalidationEvent, WORKSPACE_ID } from '../../test/test-events';
import { InvalidMessageError, NatsPublishError } from '../errors/messaging.errors';
import { publishEvents, type PublishOutcome } from './publish-events';

function sequences(outcomes: readonly PublishOutcome[]): number[] {
  return outcomes.map((outcome) => {
    if (!outcome.ok) throw outcome.error;
    return outcome.seq;
  });
}

describe('publishEvents (real JetStream)', () => {
  let ctx: NatsTestContext;

  beforeAll(async () => {
    ctx = await natsTestContext('publish_many');
  });

  afterAll(async () => {
    await ctx.dispose();
  });

  async function storedMessages(): Promise<number> {
    return (await (await ctx.nats.jetstreamManager()).streams.info(ctx.stream)).state.messages;
  }

  it('stores every event of a batch once, in order, with its msg id and request id, and answers each sequence', async () => {
    const events = Array.from({ length: 300 }, (_, index) => invalidationEvent(`world.n${index}`));
    const seqs = sequences(await publishEvents(ctx.nats, events));

    expect(new Set(seqs).size).toBe(events.length);
    const jsm = await ctx.nats.jetstreamManager();
    for (const index of [0, 150, 299]) {
      const stored = await jsm.streams.getMessage(ctx.stream, { seq: seqs[index] ?? 0 });
      const event = events[index];
      expect(stored.subject).toBe(`${ctx.prefix}.evt.${WORKSPACE_ID}.hierarchy.invalidated`);
      expect(stored.json()).toEqual(event);
      expect(stored.header.get('Nats-Msg-Id')).toBe(event?.event_id);
      expect(stored.header.get('x-request-id')).toBe(event?.correlation_id);
    }
  });

  it('stores a re-published batch once and answers the first copies’ sequences', async () => {
    const events = [invalidationEvent('world.a', randomUUID()), invalidationEvent('world.b', randomUUID())];
    const first = sequences(await publishEvents(ctx.nats, events));
    const before = await storedMessages();
    const second = sequences(await publishEvents(ctx.nats, events));
    expect(second).toEqual(first);
    expect(await storedMessages()).toBe(before);
  });

  it('throws on an invalid envelope before anything is sent', async () => {
    const before = await storedMessages();
    const invalid = { ...invalidationEvent('world'), event_id: 'not-a-uuid' };
    await expect(publishEvents(ctx.nats, [invalidationEvent('world.ok'), invalid])).rejects.toBeInstanceOf(InvalidMessageError);
    expect(await storedMessages()).toBe(before);
  });

  it('says per event that no stream took it when the stream is gone', async () => {
    const orphan = await natsTestContext('publish_many_orphan');
    try {
      await (await orphan.nats.jetstreamManager()).streams.delete(orphan.stream);
      const [outcome] = await publishEvents(orphan.nats, [invalidationEvent('world.lost')], { timeoutMs: 2000 });
      expect(outcome).toEqual({ ok: false, error: expect.any(NatsPublishError) });
      expect(outcome?.ok === false && outcome.error.message).toMatch(/no responders/);
    } finally {
      await orphan.nats.close();
    }
  });

  it('answers every event of the batch with an error at the bound while the server is unreachable', async () => {
    const proxy = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: 4222 });
    const cut = await natsTestContext('publish_many_cut', { url: proxy.url('nats'), reconnectTimeWaitMs: 100 });
    try {
      await proxy.cut();
      const started = Date.now();
      const outcomes = await publishEvents(cut.nats, [invalidationEvent('world.x'), invalidationEvent('world.y')], { timeoutMs: 300 });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, false]);
    } finally {
      await proxy.restore();
      await eventually(() => cut.nats.check());
      await cut.dispose();
      await proxy.close();
    }
  });
});
