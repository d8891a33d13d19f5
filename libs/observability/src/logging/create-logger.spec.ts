import { hostname } from 'node:os';
import pino from 'pino';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MemoryDestination } from '../../test/memory-destination';
import { requestContext } from '../context/request-context';
import { initTracing, type Tracing } from '../tracing/init-tracing';
import { withSpan } from '../tracing/with-span';
import { createLogger } from './create-logger';
import { REDACTED } from './redact-secrets';

describe('createLogger', () => {
  let tracing: Tracing;
  const spans = new InMemorySpanExporter();

  beforeAll(() => {
    tracing = initTracing({ service: 'logger-test', spanProcessors: [new SimpleSpanProcessor(spans)], instrumentPg: false });
  });
  afterAll(() => tracing.shutdown());

  it('writes JSON lines with service, pid, hostname, ISO time and a level label', () => {
    const out = new MemoryDestination();
    createLogger({ service: 'entity-service', destination: out }).info({ n: 1 }, 'hello');
    const line = out.last();
    expect(line).toMatchObject({ service: 'entity-service', pid: process.pid, hostname: hostname(), level: 'info', n: 1, msg: 'hello' });
    expect(new Date(String(line.time)).toISOString()).toBe(line.time);
  });

  it('honours the level', () => {
    const out = new MemoryDestination();
    const logger = createLogger({ service: 's', level: 'warn', destination: out });
    logger.info('dropped');
    logger.warn('kept');
    expect(out.lines.map((l) => l.msg)).toEqual(['kept']);
  });

  it('adds request, workspace and user ids from the request context, and nothing outside it', () => {
    const out = new MemoryDestination();
    const logger = createLogger({ service: 's', destination: out });
    requestContext.run(
      { requestId: 'req-1', traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), workspaceId: 'ws-1', userId: 'u-1' },
      () => logger.info('inside'),
    );
    logger.info('outside');
    const [inside, outside] = out.lines;
    expect(inside).toMatchObject({
      request_id: 'req-1',
      trace_id: 'a'.repeat(32),
      span_id: 'b'.repeat(16),
      workspace_id: 'ws-1',
      user_id: 'u-1',
    });
    expect(outside).not.toHaveProperty('request_id');
    expect(outside).not.toHaveProperty('trace_id');
  });

  it('takes trace_id and span_id from the active span', async () => {
    const out = new MemoryDestination();
    const logger = createLogger({ service: 's', destination: out });
    const ids = await requestContext.run({ requestId: 'req-2' }, () =>
      withSpan('work', {}, async (span) => {
        logger.info('in span');
        return span.spanContext();
      }),
    );
    expect(out.last()).toMatchObject({ request_id: 'req-2', trace_id: ids.traceId, span_id: ids.spanId });
  });

  it('redacts authorization headers and nested passwords without touching the caller object', () => {
    const out = new MemoryDestination();
    const logger = createLogger({ service: 's', destination: out });
    const payload = { req: { headers: { authorization: 'Bearer abc', accept: 'json' } }, body: { user: { password: 'hunter2' } } };
    logger.info(payload, 'request');
    expect(out.last()).toMatchObject({
      req: { headers: { authorization: REDACTED, accept: 'json' } },
      body: { user: { password: REDACTED } },
    });
    expect(payload.req.headers.authorization).toBe('Bearer abc');
    expect(JSON.stringify(out.lines)).not.toContain('hunter2');
  });

  it('redacts child bindings, including those of grandchildren', () => {
    const out = new MemoryDestination();
    const logger = createLogger({ service: 's', destination: out });
    logger
      .child({ dependency: 'postgres', url: 'postgres://app:pw@db/x' })
      .child({ headers: { cookie: 'sid=1' } })
      .info('connected');
    expect(out.last()).toMatchObject({
      dependency: 'postgres',
      url: `postgres://app:${REDACTED}@db/x`,
      headers: { cookie: REDACTED },
    });
  });

  it('serialises errors with their stack', () => {
    const out = new MemoryDestination();
    createLogger({ service: 's', destination: out }).error({ err: new Error('boom') }, 'failed');
    expect(out.last()).toMatchObject({ msg: 'failed', err: { type: 'Error', message: 'boom' } });
    expect(String((out.last().err as { stack: unknown }).stack)).toContain('create-logger.spec');
  });

  it('batches stdout writes when given a buffer (minLength), and writes each line at once by default', () => {
    const minLengthOf = (logger: ReturnType<typeof createLogger>): unknown => (Reflect.get(logger, pino.symbols.streamSym) as { minLength: number }).minLength;
    expect(minLengthOf(createLogger({ service: 's', buffer: { minBytes: 4096, flushIntervalMs: 100 } }))).toBe(4096);
    expect(minLengthOf(createLogger({ service: 's' }))).toBe(0);
  });
});
