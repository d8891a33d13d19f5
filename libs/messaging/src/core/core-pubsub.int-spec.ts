import { z } from 'zod';
import { eventually, natsTestContext, type NatsTestContext } from '../../test/nats-test-context';
import { InvalidMessageError } from '../errors/messaging.errors';
import type { CoreMessageMeta } from './core-pubsub';

const invalidationSchema = z.object({ keys: z.array(z.string().min(1)).min(1) });

describe('core publish/subscribe (real NATS)', () => {
  let ctx: NatsTestContext;

  beforeAll(async () => {
    ctx = await natsTestContext('core');
  });

  afterAll(async () => {
    await ctx.dispose();
  });

  it('delivers validated messages to every subscriber, skipping invalid ones without stopping', async () => {
    const subject = ctx.nats.subjects.cacheInvalidate('hierarchy');
    const seenByA: Array<{ keys: string[]; meta: CoreMessageMeta }> = [];
    const seenByB: string[][] = [];
    const a = ctx.nats.subscribeCore(subject, invalidationSchema, (payload, meta) => {
      seenByA.push({ keys: payload.keys, meta });
    });
    const b = ctx.nats.subscribeCore(subject, invalidationSchema, (payload) => {
      seenByB.push(payload.keys);
      if (payload.keys.includes('explode')) throw new Error('handler bug');
    });
    await ctx.nats.connection.flush();

    ctx.nats.publishCore(subject, { keys: ['explode'] }, invalidationSchema);
    ctx.nats.connection.publish(subject, 'garbage'); // a broken producer bypassing validation
    ctx.nats.connection.publish(subject, JSON.stringify({ keys: [] }));
    ctx.nats.publishCore(subject, { keys: ['world.asia'] }, invalidationSchema, 'req_core_1');

    await eventually(() => expect(seenByA.map((m) => m.keys)).toEqual([['explode'], ['world.asia']]));
    await eventually(() => expect(seenByB).toEqual([['explode'], ['world.asia']]));
    expect(seenByA[1]?.meta).toEqual({ subject, requestId: 'req_core_1' });
    expect(ctx.logs.withMessage('dropped an invalid core message')).toHaveLength(4);
    expect(ctx.logs.withMessage('core message handler failed')).toHaveLength(1);
    a.unsubscribe();
    await b.drain();
  });

  it('refuses to publish a payload that breaks its schema', async () => {
    const subject = ctx.nats.subjects.cacheInvalidate('entity');
    const received: unknown[] = [];
    const sub = ctx.nats.subscribeCore(subject, z.unknown(), (payload) => {
      received.push(payload);
    });
    expect(() => ctx.nats.publishCore(subject, { keys: [] }, invalidationSchema)).toThrow(InvalidMessageError);
    await ctx.nats.connection.flush();
    expect(received).toEqual([]);
    sub.unsubscribe();
  });
});
