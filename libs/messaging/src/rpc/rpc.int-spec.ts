import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { ErrorCode, rpcSubject, withSubjectPrefix } from '@forecastin/contracts';
import { TcpProxy } from '@forecastin/testing';
import { z } from 'zod';
import { natsTestContext, NATS_URL, type NatsTestContext } from '../../test/nats-test-context';
import { RpcError } from '../errors/messaging.errors';
import { natsTransportOptions } from './nats-transport.options';
import { RpcErrorEnvelopeFilter } from './rpc-error-envelope.filter';
import { rpcRequest } from './rpc-request';
import { ZodRpcPipe } from './zod-rpc.pipe';

const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const TOKYO_ID = '5b1d7c4e-8a43-4d7e-9a35-0c7a2f1f3e10';

const getEntityRequest = z.object({ id: z.uuid() });
const getEntityResponse = z.object({ id: z.uuid(), name: z.string(), request_id: z.string().optional() });
type GetEntityRequest = z.infer<typeof getEntityRequest>;

@Controller()
class EntityRpcController {
  @MessagePattern(rpcSubject('entity', 'get'))
  get(@Payload(new ZodRpcPipe(getEntityRequest)) input: GetEntityRequest, @Ctx() ctx: NatsContext) {
    if (input.id === MISSING_ID) throw new RpcError(ErrorCode.RESOURCE_NOT_FOUND, 'Entity not found');
    const headers: unknown = ctx.getHeaders();
    const requestId = headers instanceof Object && 'get' in headers && typeof headers.get === 'function' ? String(headers.get('x-request-id')) : undefined;
    return { id: input.id, name: 'Tokyo', request_id: requestId };
  }

  @MessagePattern(rpcSubject('entity', 'batch_get'))
  batchGet(): never {
    throw new Error('connection pool exhausted');
  }

  @MessagePattern(rpcSubject('hierarchy', 'node'))
  async slow(): Promise<{ ok: true }> {
    await sleep(1000);
    return { ok: true };
  }
}

@Module({ controllers: [EntityRpcController] })
class EntityRpcModule {}

describe('RPC over the Nest NATS transport (real NATS)', () => {
  let ctx: NatsTestContext;
  let app: INestMicroservice;

  beforeAll(async () => {
    ctx = await natsTestContext('rpc');
    app = await NestFactory.createMicroservice(EntityRpcModule, {
      ...natsTransportOptions({ url: NATS_URL, queue: 'entity-service', subjectPrefix: ctx.prefix, gracePeriodMs: 100 }),
      logger: false,
    });
    app.useGlobalFilters(new RpcErrorEnvelopeFilter(ctx.logs.logger));
    await app.listen();
  });

  afterAll(async () => {
    await app.close();
    await ctx.dispose();
  });

  const options = { requestSchema: getEntityRequest, responseSchema: getEntityResponse, timeoutMs: 2000 };

  async function failure(call: Promise<unknown>): Promise<RpcError> {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof RpcError)) throw new Error(`expected an RpcError, got ${String(error)}`);
    return error;
  }

  it('answers a valid request with a validated response, under the prefixed subject, carrying the request id', async () => {
    const response = await rpcRequest(ctx.nats, ctx.nats.subjects.rpc('entity', 'get'), { id: TOKYO_ID }, { ...options, requestId: 'req_rpc_ok' });
    expect(response).toEqual({ id: TOKYO_ID, name: 'Tokyo', request_id: 'req_rpc_ok' });
  });

  it('answers invalid input with a VALIDATION_ERROR envelope naming the field', async () => {
    const error = await failure(
      rpcRequest(ctx.nats, ctx.nats.subjects.rpc('entity', 'get'), { id: 'tokyo' }, {
        ...options,
        requestSchema: z.unknown(),
        requestId: 'req_rpc_invalid',
      }),
    );
    expect(error.code).toBe(ErrorCode.VALIDATION_ERROR);
    expect(error.details).toEqual([{ field: 'id', message: expect.any(String) }]);
    expect(error.requestId).toBe('req_rpc_invalid');
  });

  it('rejects invalid input on the caller side before sending it', async () => {
    const error = await failure(rpcRequest(ctx.nats, ctx.nats.subjects.rpc('entity', 'get'), { id: 'tokyo' }, options));
    expect(error.code).toBe(ErrorCode.VALIDATION_ERROR);
    expect(error.details?.[0]?.field).toBe('id');
  });

  it("passes a handler's typed error through as is", async () => {
    const error = await failure(rpcRequest(ctx.nats, ctx.nats.subjects.rpc('entity', 'get'), { id: MISSING_ID }, options));
    expect(error.code).toBe(ErrorCode.RESOURCE_NOT_FOUND);
    expect(error.message).toBe('Entity not found');
  });

  it('answers an unexpected failure with INTERNAL_ERROR and an error id that is in the logs, without the cause', async () => {
    const error = await failure(
      rpcRequest(ctx.nats, ctx.nats.subjects.rpc('entity', 'batch_get'), {}, { requestSchema: z.object({}), responseSchema: z.unknown() }),
    );
    expect(error.code).toBe(ErrorCode.INTERNAL_ERROR);
    expect(error.message).not.toContain('pool');
    expect(error.errorId).toMatch(/^err_/);
    const logged = ctx.logs.withMessage('rpc handler failed');
    expect(logged.map((record) => record['errorId'])).toContain(error.errorId);
  });

  it('turns a response outside the contract into INTERNAL_ERROR', async () => {
    const error = await failure(
      rpcRequest(ctx.nats, ctx.nats.subjects.rpc('entity', 'get'), { id: TOKYO_ID }, {
        ...options,
        responseSchema: getEntityResponse.extend({ path: z.string() }),
      }),
    );
    expect(error.code).toBe(ErrorCode.INTERNAL_ERROR);
    expect(error.details).toEqual([{ field: 'response.path', message: expect.any(String) }]);
  });

  it('fails fast with SERVICE_UNAVAILABLE when nobody serves the subject', async () => {
    const started = Date.now();
    const error = await failure(
      rpcRequest(ctx.nats, ctx.nats.subjects.rpc('flag', 'snapshot'), {}, { requestSchema: z.object({}), responseSchema: z.unknown(), timeoutMs: 20_000 }),
    );
    expect(error.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    // NATS answers "no responders" at once; far below the 20 s timeout even on a loaded machine.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails with UPSTREAM_TIMEOUT when the handler does not answer in time', async () => {
    const started = Date.now();
    const error = await failure(
      rpcRequest(ctx.nats, ctx.nats.subjects.rpc('hierarchy', 'node'), {}, { requestSchema: z.object({}), responseSchema: z.unknown(), timeoutMs: 200 }),
    );
    expect(error.code).toBe(ErrorCode.UPSTREAM_TIMEOUT);
    // Bounded by the 200 ms timeout (room for a loaded machine), not left waiting for an answer.
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('does not answer requests sent without the prefix (isolation)', async () => {
    const error = await failure(rpcRequest(ctx.nats, rpcSubject('entity', 'get'), { id: TOKYO_ID }, options));
    expect(error.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
  });

  it('listens only once the server has registered its subscriptions (a request right after listen() is served)', async () => {
    // Over a slow link (every byte to the server held 300 ms) the SUBs arrive well after Nest queued
    // them; without the flush in PrefixedServerNats.start, listen() resolved before that and this
    // request, sent at once on another connection, found no responder.
    const slowLink = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: 4222, upstreamDelayMs: 300 });
    const prefix = `${ctx.prefix}_slow`;
    const slow = await NestFactory.createMicroservice(EntityRpcModule, {
      ...natsTransportOptions({ url: slowLink.url('nats'), queue: 'entity-service', subjectPrefix: prefix, gracePeriodMs: 100, connectTimeoutMs: 10_000 }),
      logger: false,
    });
    try {
      await slow.listen();
      const response = await rpcRequest(ctx.nats, withSubjectPrefix(prefix, rpcSubject('entity', 'get')), { id: TOKYO_ID }, options);
      expect(response.id).toBe(TOKYO_ID);
    } finally {
      await slow.close();
      await slowLink.close();
    }
  });
});
