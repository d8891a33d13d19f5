import { setTimeout as sleep } from 'node:timers/promises';
import { createCaptureLogger, TcpProxy, testNatsEnv, uniqueTestPrefix } from '@forecastin/testing';
import { nanos } from 'nats';
import { z } from 'zod';
import { natsConfigShape } from '../config/nats-config.schema';
import { eventually, NATS_URL, natsTestContext, type NatsTestContext } from '../../test/nats-test-context';
import { NatsNotConnectedError } from '../errors/messaging.errors';
import { DUPLICATE_WINDOW_MS } from './events-stream';
import { NatsDependency } from './nats.dependency';

describe('NatsDependency (real NATS)', () => {
  let ctx: NatsTestContext;

  beforeAll(async () => {
    ctx = await natsTestContext('nats_dep');
  });

  afterAll(async () => {
    await ctx.dispose();
  });

  it('creates the events stream with bounded retention, file storage and a dedupe window', async () => {
    const info = await (await ctx.nats.jetstreamManager()).streams.info(ctx.stream);
    expect(info.config.subjects.sort()).toEqual([`${ctx.prefix}.dlq.>`, `${ctx.prefix}.evt.>`]);
    expect(info.config.storage).toBe('file');
    expect(info.config.max_age).toBe(nanos(3_600_000));
    expect(info.config.max_bytes).toBe(64 * 1024 * 1024);
    expect(info.config.duplicate_window).toBeGreaterThanOrEqual(nanos(DUPLICATE_WINDOW_MS));
    expect(ctx.nats.subjects.event('global', 'flag', 'updated')).toBe(`${ctx.prefix}.evt.global.flag.updated`);
  });

  it('is idempotent: a second instance connects to the same stream, and changed limits are applied', async () => {
    const jsm = await ctx.nats.jetstreamManager();
    const before = await jsm.streams.info(ctx.stream);
    const sameConfig = new NatsDependency({
      url: NATS_URL,
      connectionName: 'test-second',
      logger: ctx.logs.logger,
      subjectPrefix: ctx.prefix,
      eventsStream: ctx.stream,
      eventsMaxAgeMs: 3_600_000,
      eventsMaxBytes: 64 * 1024 * 1024,
    });
    await sameConfig.connect();
    await sameConfig.close();
    const after = await jsm.streams.info(ctx.stream);
    expect(after.created).toEqual(before.created);
    expect(after.config).toEqual(before.config);

    const longerRetention = new NatsDependency({
      url: NATS_URL,
      connectionName: 'test-third',
      logger: ctx.logs.logger,
      subjectPrefix: ctx.prefix,
      eventsStream: ctx.stream,
      eventsMaxAgeMs: 2 * 3_600_000,
      eventsMaxBytes: 64 * 1024 * 1024,
    });
    await longerRetention.connect();
    await longerRetention.close();
    expect((await jsm.streams.info(ctx.stream)).config.max_age).toBe(nanos(2 * 3_600_000));
  });

  it('takes the stream bounds from configuration (fromConfig: EVENTS_MAX_BYTES, EVENTS_MAX_AGE_HOURS)', async () => {
    const prefix = uniqueTestPrefix('nats_from_config');
    const config = z.object(natsConfigShape).parse({ ...testNatsEnv(prefix), NATS_URL, EVENTS_MAX_AGE_HOURS: '2', EVENTS_MAX_BYTES: String(32 * 1024 ** 2) });
    const configured = NatsDependency.fromConfig(config, { connectionName: 'test-from-config', logger: ctx.logs.logger });
    await configured.connect();
    try {
      const info = await (await configured.jetstreamManager()).streams.info(config.EVENTS_STREAM);
      expect(info.config.max_bytes).toBe(32 * 1024 ** 2);
      expect(info.config.max_age).toBe(nanos(2 * 3_600_000));
    } finally {
      await (await configured.jetstreamManager()).streams.delete(config.EVENTS_STREAM);
      await configured.close();
    }
  });

  it('passes the readiness check while connected', async () => {
    await expect(ctx.nats.check()).resolves.toBeUndefined();
  });
});

describe('NatsDependency when the server is unreachable or goes away', () => {
  it('rejects connect() to a dead port within the bound, and stays closable', async () => {
    const { logger } = createCaptureLogger();
    const dead = new NatsDependency({ url: 'nats://127.0.0.1:1', connectionName: 'test-dead', logger, connectTimeoutMs: 1000 });
    const started = Date.now();
    await expect(dead.connect()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(() => dead.connection).toThrow(NatsNotConnectedError);
    await expect(dead.check()).rejects.toThrow(NatsNotConnectedError);
    await expect(dead.close()).resolves.toBeUndefined();
  });

  it('fails the check within a second of losing the server and recovers when it returns', async () => {
    const proxy = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: 4222 });
    const logs = createCaptureLogger();
    const prefix = uniqueTestPrefix('nats_cut');
    const nats = new NatsDependency({
      url: proxy.url('nats'),
      connectionName: 'test-cut',
      logger: logs.logger,
      subjectPrefix: prefix,
      eventsStream: `EVENTS_${prefix}`,
      reconnectTimeWaitMs: 100,
    });
    try {
      await nats.connect();
      await nats.check();

      await proxy.cut();
      const cutAt = Date.now();
      await eventually(() => expect(nats.check()).rejects.toThrow(), 1500);
      expect(Date.now() - cutAt).toBeLessThan(1500);

      await sleep(500); // reconnect attempts fail while cut; none may crash the process
      await proxy.restore();
      await eventually(() => nats.check(), 5000);
      expect(logs.withMessage('nats disconnected, reconnecting')).toHaveLength(1);
      expect(logs.withMessage('nats reconnected')).toHaveLength(1);
    } finally {
      const jsm = await nats.jetstreamManager();
      await jsm.streams.delete(`EVENTS_${prefix}`);
      await nats.close();
      await nats.close();
      await proxy.close();
    }
  });

  it('closes for good when asked during an outage (no reconnect loop keeps the process alive)', async () => {
    const proxy = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: 4222 });
    const prefix = uniqueTestPrefix('nats_close_cut');
    const stream = `EVENTS_${prefix}`;
    const nats = new NatsDependency({
      url: proxy.url('nats'),
      connectionName: 'test-close-cut',
      logger: createCaptureLogger().logger,
      subjectPrefix: prefix,
      eventsStream: stream,
      reconnectTimeWaitMs: 100,
    });
    try {
      await nats.connect();
      const connection = nats.connection;
      await proxy.cut();
      await eventually(() => expect(nats.isConnected).toBe(false), 1500);

      // nats.js's drain() swallows a failed flush and resolves without closing, so the client
      // went on dialling every reconnectTimeWait and kept the process alive after shutdown.
      await nats.close();
      expect(connection.isClosed()).toBe(true);
      const closed = await Promise.race([connection.closed().then(() => 'closed'), sleep(2000).then(() => 'still open')]);
      expect(closed).toBe('closed');
    } finally {
      await proxy.restore();
      const cleanup = new NatsDependency({
        url: NATS_URL,
        connectionName: 'test-close-cut-cleanup',
        logger: createCaptureLogger().logger,
        subjectPrefix: prefix,
        eventsStream: stream,
      });
      await cleanup.connect();
      await (await cleanup.jetstreamManager()).streams.delete(stream);
      await cleanup.close();
      await proxy.close();
    }
  });
});
