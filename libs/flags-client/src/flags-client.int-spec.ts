import fc from 'fast-check';
import { ErrorCode } from '@forecastin/contracts';
import { FlagEvaluator } from '@forecastin/flag-evaluator';
import { constraint, contextArb, defaultStrategy, flag, rollout, variant } from '@forecastin/flag-testing';
import { NatsDependency, RpcError } from '@forecastin/messaging';
import { createCaptureLogger, deleteTestStream, eventually, TcpProxy, uniqueTestPrefix, type CapturedLogger } from '@forecastin/testing';
import { FakeFlagService } from '../test/fake-flag-service';
import { FlagsClient } from './flags-client';
import type { FlagsClientOptions } from './flags-client.options';

const NATS_PORT = 4222;

const FLAGS_V1 = [
  flag('checkout', { strategies: [rollout(40, { constraints: [constraint('country', 'IN', ['NO', 'SE'])] })], variants: [variant('a', 1), variant('b', 3, { payload: { type: 'number', value: '7' } })] }),
  flag('banner', { strategies: [defaultStrategy()] }),
  flag('dark-mode', { enabled: false, strategies: [defaultStrategy()] }),
];
const FLAGS_V2 = FLAGS_V1.map((definition) => (definition.key === 'banner' ? { ...definition, enabled: false } : definition));
const ANYONE = { user_id: 'u-1' };

describe('FlagsClient (real NATS, a fake flag-service answering rpc.flag.snapshot)', () => {
  const prefix = uniqueTestPrefix('flags_client');
  const stream = `EVENTS_${prefix}`;
  let serviceNats: NatsDependency;
  let clientNats: NatsDependency;
  let proxy: TcpProxy;
  let logs: CapturedLogger;
  let fake: FakeFlagService;
  const clients: FlagsClient[] = [];

  const natsThrough = (port: number, name: string, logger: CapturedLogger['logger']) =>
    new NatsDependency({ url: `nats://127.0.0.1:${port}`, connectionName: name, logger, subjectPrefix: prefix, eventsStream: stream, eventsMaxAgeMs: 3_600_000, eventsMaxBytes: 16 * 1024 * 1024, reconnectTimeWaitMs: 100, requestTimeoutMs: 1000 });

  const startClient = async (options: Partial<FlagsClientOptions> = {}): Promise<FlagsClient> => {
    const client = new FlagsClient({ nats: clientNats, pollIntervalMs: 60_000, maxRetryDelayMs: 300, ...options });
    clients.push(client);
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    serviceNats = natsThrough(NATS_PORT, 'test-flag-service', createCaptureLogger('silent').logger);
    await serviceNats.connect();
    proxy = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: NATS_PORT });
    logs = createCaptureLogger();
    clientNats = natsThrough(proxy.port, 'test-flags-client', logs.logger);
    await clientNats.connect();
  });

  beforeEach(async () => {
    fake = new FakeFlagService(serviceNats, FLAGS_V1);
    await fake.serve();
  });

  afterEach(async () => {
    fake.stopServing();
    await Promise.all(clients.splice(0).map((client) => client.close()));
    if (proxy.isCut) await proxy.restore();
  });

  afterAll(async () => {
    await clientNats.close();
    await serviceNats.close();
    await proxy.close();
    await deleteTestStream(stream);
  });

  it('loads the snapshot on connect and answers every context exactly as the engine does', async () => {
    const client = await startClient();
    expect(client.revision).toBe(1);
    await expect(client.check()).resolves.toBeUndefined();
    const engine = FlagEvaluator.compile(FLAGS_V1);
    // Contexts that carry a stickiness value: without one, Unleash semantics pick at random.
    const identified = contextArb.filter((context) => Boolean(context.user_id || context.session_id));
    for (const context of fc.sample(identified, { numRuns: 300, seed: 6 })) {
      for (const key of ['checkout', 'banner', 'dark-mode', 'missing']) expect(client.evaluate(key, context)).toEqual(engine.evaluate(key, context));
    }
    expect(client.evaluateAll(ANYONE)).toEqual(engine.evaluateAll(ANYONE));
  });

  it('applies a change when its event arrives, long before the poll would', async () => {
    const client = await startClient();
    const seen: number[] = [];
    client.onChange((snapshot) => seen.push(snapshot.revision));
    expect(client.isEnabled('banner', ANYONE)).toBe(true);
    const revision = fake.change(FLAGS_V2);
    await fake.announce('banner');
    await eventually(() => expect(client.isEnabled('banner', ANYONE)).toBe(false));
    expect(client.revision).toBe(revision);
    expect(seen).toEqual([revision]);
  });

  it('does not fetch for an event about a revision it already holds', async () => {
    const client = await startClient();
    const before = fake.requests;
    await fake.announce('banner', 1);
    // A later change is the marker: once it is applied, the earlier event has been handled too.
    const revision = fake.change(FLAGS_V2);
    await fake.announce('banner', revision);
    await eventually(() => expect(client.revision).toBe(revision));
    expect(fake.requests - before).toBe(1);
  });

  it('coalesces a burst of events about one change into a couple of fetches', async () => {
    const client = await startClient();
    const before = fake.requests;
    const revision = fake.change(FLAGS_V2);
    await Promise.all(Array.from({ length: 50 }, () => fake.announce('banner', revision)));
    await eventually(() => expect(client.revision).toBe(revision));
    const marker = fake.change(FLAGS_V1);
    await fake.announce('banner', marker);
    await eventually(() => expect(client.revision).toBe(marker));
    expect(fake.requests - before).toBeLessThanOrEqual(4);
  });

  it('asks again when the instance that answered has not reached the announced revision yet', async () => {
    const client = await startClient();
    // The event runs ahead of the snapshot the service hands out (another instance wrote it).
    await fake.announce('banner', 2);
    await eventually(() => expect(fake.requests).toBeGreaterThanOrEqual(3));
    expect(client.revision).toBe(1);
    fake.change(FLAGS_V2);
    await eventually(() => expect(client.revision).toBe(2));
  });

  it('picks up a change whose event was lost through the fallback poll (etag: unchanged answers are small)', async () => {
    const client = await startClient({ pollIntervalMs: 200 });
    await eventually(() => expect(fake.notModified).toBeGreaterThanOrEqual(1));
    const revision = fake.change(FLAGS_V2);
    await eventually(() => expect(client.revision).toBe(revision));
    expect(client.isEnabled('banner', ANYONE)).toBe(false);
  });

  it('refetches when NATS reconnects: events published during the outage never arrive', async () => {
    const client = await startClient();
    const before = fake.requests;
    await proxy.cut();
    await eventually(() => expect(clientNats.isConnected).toBe(false));
    const revision = fake.change(FLAGS_V2);
    await fake.announce('banner');
    // Nothing was asked during the outage (no failed fetch, no retry): only the reconnect can bring it.
    expect(fake.requests).toBe(before);
    await proxy.restore();
    await eventually(() => expect(client.revision).toBe(revision));
  });

  it('serves the last snapshot while NATS is cut, reports staleness, and catches up after the outage', async () => {
    const client = await startClient({ maxStalenessMs: 400 });
    await proxy.cut();
    await eventually(() => expect(clientNats.isConnected).toBe(false));
    const revision = fake.change(FLAGS_V2);
    await fake.announce('banner');
    await expect(client.refresh()).rejects.toThrow(RpcError);
    expect(client.revision).toBe(1);
    expect(client.isEnabled('banner', ANYONE)).toBe(true);
    expect(client.evaluate('checkout', { user_id: 'u-9', properties: { country: 'NO' } })).toEqual(FlagEvaluator.compile(FLAGS_V1).evaluate('checkout', { user_id: 'u-9', properties: { country: 'NO' } }));
    await eventually(() => expect(client.check()).rejects.toThrow(/not confirmed/));

    await proxy.restore();
    await eventually(() => expect(client.revision).toBe(revision));
    expect(client.isEnabled('banner', ANYONE)).toBe(false);
    await eventually(() => client.check());
  });

  it('starts without flag-service: fallbacks and PROVIDER_NOT_READY until it answers, then loads by itself', async () => {
    fake.stopServing();
    const client = new FlagsClient({ nats: clientNats, pollIntervalMs: 60_000, maxRetryDelayMs: 200 });
    clients.push(client);
    await expect(client.connect()).rejects.toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE });
    expect(client.isReady).toBe(false);
    expect(client.isEnabled('banner', ANYONE, true)).toBe(true);
    expect(client.evaluate('banner', ANYONE)).toEqual({ key: 'banner', enabled: false, value: false, reason: 'ERROR', errorCode: 'PROVIDER_NOT_READY' });
    await expect(client.check()).rejects.toThrow(/no flag snapshot/);
    expect(client.details()).toEqual({ revision: 'none', synced_at: 'never' });

    await fake.serve();
    await eventually(() => expect(client.isReady).toBe(true));
    expect(client.isEnabled('banner', ANYONE, false)).toBe(true);
    expect(client.isEnabled('missing', ANYONE, true)).toBe(true);
    await client.connect();
    expect(client.details().revision).toBe('1');
  });
});
