import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentIdentity, DEV_IDENTITY_SIGNING_KEY, labelRoute, PublicRoute, serveBeforeFastify, signIdentity, startService, ZodValidationPipe, type Dependency, type RunningService } from '@forecastin/lifecycle';
import type { ForwardedIdentity } from '@forecastin/contracts';

/** A dependency whose health the test switches, to watch readiness follow it. */
class SwitchableDependency implements Dependency {
  readonly name = 'switchable';
  up = true;
  async connect(): Promise<void> {
    if (!this.up) throw new Error('switched off');
  }
  async check(): Promise<void> {
    if (!this.up) throw new Error('switched off');
  }
  async close(): Promise<void> {}
}

const itemSchema = z.object({ name: z.string().min(1), score: z.number().min(0).max(1) });

@Controller('items')
class ItemsController {
  @Post()
  create(@Body(new ZodValidationPipe(itemSchema)) body: z.infer<typeof itemSchema>, @CurrentIdentity() identity: ForwardedIdentity) {
    return { ...body, workspace_id: identity.workspace_id };
  }

  @Get('by-path/:path')
  byPath(@Param('path') path: string) {
    return { path };
  }

  @Get('boom')
  boom(): never {
    throw new Error('secret internal detail');
  }

  @PublicRoute()
  @Get('public')
  open() {
    return { open: true };
  }
}

@Module({ controllers: [ItemsController] })
class TestModule {}

const logLines: string[] = [];
const dependency = new SwitchableDependency();
let service: RunningService;
let base: string;

function identityHeader(): Record<string, string> {
  const identity: ForwardedIdentity = { sub: 'u1', workspace_id: randomUUID(), roles: ['analyst'], request_id: 'req_t', exp: Math.floor(Date.now() / 1000) + 60 };
  return { 'x-forecastin-identity': signIdentity(identity, DEV_IDENTITY_SIGNING_KEY) };
}

async function until(predicate: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not met in time');
}

beforeAll(async () => {
  const capture = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  service = await startService(
    {
      name: 'test-service',
      defaultPort: 0,
      configShape: {},
      dependencies: () => [dependency],
      rootModule: TestModule,
      // Like the gateway: answers some paths itself in a hook, outside Fastify's router.
      configure: (app) => {
        app.getHttpAdapter().getInstance().addHook('onRequest', async (request, reply) => {
          if (!request.url.startsWith('/labelled/')) return;
          labelRoute(request, '/labelled/:id');
          await reply.status(204).send();
        });
        // Like the gateway's proxied routes: answered on the bare request, before Fastify.
        serveBeforeFastify(app, {
          claim: (req) => (req.url?.startsWith('/raw/') ? (req.url === '/raw/boom' ? 'boom' : 'echo') : undefined),
          routeOf: () => '/raw/:id',
          serve: (_req, res, claim, { requestId, span }) => {
            if (claim === 'boom') throw new Error('secret raw detail');
            res.setHeader('content-type', 'application/json');
            res.end(JSON.stringify({ requestId, traceId: span.spanContext().traceId }));
          },
        });
        // A route answering in one respond(): the chassis' headers travel in its writeHead.
        serveBeforeFastify(app, {
          claim: (req) => (req.url?.startsWith('/whole/') ? (req.url === '/whole/boom' ? 'boom' : 'echo') : undefined),
          routeOf: () => '/whole/:id',
          respondsWhole: true,
          serve: (_req, _res, claim, exchange) => {
            if (claim === 'boom') throw new Error('secret whole detail');
            exchange.respond(201, 'application/json; charset=utf-8', Buffer.from(JSON.stringify({ requestId: exchange.requestId, traceId: exchange.span.spanContext().traceId })));
          },
        });
      },
    },
    undefined,
    { logDestination: capture },
  );
  await service.running;
  base = `http://127.0.0.1:${service.port}`;
});

afterAll(async () => {
  await service.stop('test finished');
});

describe('chassis HTTP behaviour', () => {
  it('answers live and ready, and echoes or generates X-Request-ID', async () => {
    const live = await fetch(`${base}/health/live`, { headers: { 'x-request-id': 'req_from-caller.1' } });
    expect(live.status).toBe(200);
    expect(live.headers.get('x-request-id')).toBe('req_from-caller.1');
    const ready = await fetch(`${base}/health/ready`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(ready.status).toBe(200);
    expect(ready.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await ready.json()).toMatchObject({ status: 'ready', state: 'running', dependencies: { switchable: { status: 'up' } } });
  });

  it('validates bodies against the contract', async () => {
    const ok = await fetch(`${base}/items`, { method: 'POST', headers: { ...identityHeader(), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'a', score: 0.5 }) });
    expect(ok.status).toBe(201);
    const bad = await fetch(`${base}/items`, { method: 'POST', headers: { ...identityHeader(), 'content-type': 'application/json' }, body: JSON.stringify({ name: '', score: 2 }) });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; details: Array<{ field: string }> } };
    expect(body.error.code).toBe('VALIDATION_ERROR');
    expect(body.error.details.map((detail) => detail.field).sort()).toEqual(['name', 'score']);
  });

  it.each([
    ['malformed JSON', { 'content-type': 'application/json' }, '{"name":', 400, 'INVALID_JSON'],
    ['an empty JSON body', { 'content-type': 'application/json' }, '', 400, 'INVALID_JSON'],
    ['a wrong content type', { 'content-type': 'text/csv' }, 'a,b', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an oversized body', { 'content-type': 'application/json' }, JSON.stringify({ name: 'x'.repeat(1_100_000) }), 413, 'PAYLOAD_TOO_LARGE'],
  ])('answers %s with the envelope', async (_label, headers, body, status, code) => {
    const response = await fetch(`${base}/items`, { method: 'POST', headers: { ...identityHeader(), ...headers }, body });
    expect(response.status).toBe(status);
    const envelope = (await response.json()) as { error: { code: string; request_id: string } };
    expect(envelope.error.code).toBe(code);
    expect(envelope.error.request_id).toBe(response.headers.get('x-request-id'));
  });

  it('answers a URL with broken percent-encoding with the envelope, not the framework body', async () => {
    const response = await fetch(`${base}/items/by-path/%E0%A4%A`, { headers: { ...identityHeader(), 'x-request-id': 'req_bad-url' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe('req_bad-url');
    expect(await response.json()).toEqual({ error: { code: 'VALIDATION_ERROR', message: 'The URL is not valid percent-encoded UTF-8', request_id: 'req_bad-url' } });
  });

  it('passes path parameters as long as the longest ltree path (2,047 characters) to the handler', async () => {
    const longPath = Array.from({ length: 32 }, () => 'k'.repeat(63)).join('.');
    const response = await fetch(`${base}/items/by-path/${longPath}`, { headers: identityHeader() });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: longPath });
  });

  it('answers a path parameter beyond any contract length with the envelope', async () => {
    const response = await fetch(`${base}/items/by-path/${'k'.repeat(5000)}`, { headers: identityHeader() });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'VALIDATION_ERROR', message: 'A path segment is too long' } });
  });

  it('answers an unknown route with ROUTE_NOT_FOUND', async () => {
    const response = await fetch(`${base}/nowhere`, { headers: identityHeader() });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });

  it('refuses requests without the gateway identity, except public routes', async () => {
    const response = await fetch(`${base}/items`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forecastin-identity': 'forged.token' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await fetch(`${base}/items/public`)).status).toBe(200);
  });

  it('hides an unexpected error behind an error id that is in the log', async () => {
    const response = await fetch(`${base}/items/boom`, { headers: identityHeader() });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secret internal detail');
    expect(text).not.toContain('at ');
    const errorId = (JSON.parse(text) as { error: { error_id: string } }).error.error_id;
    expect(errorId).toMatch(/^err_/);
    const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['error_id'] === errorId);
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain('secret internal detail');
  });

  it('logs each request with its request id', async () => {
    await fetch(`${base}/items/public`, { headers: { 'x-request-id': 'req_log-check' } });
    const line = logLines.map((entry) => JSON.parse(entry) as Record<string, unknown>).find((entry) => entry['request_id'] === 'req_log-check' && entry['msg'] === 'request completed');
    expect(line).toMatchObject({ status_code: 200, route: '/items/public' });
  });

  it('labels requests answered outside the router with the route pattern they were given', async () => {
    expect((await fetch(`${base}/labelled/42`)).status).toBe(204);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/route="\/labelled\/:id"/);
    expect(text).not.toContain('/labelled/42');
  });

  it('serves claimed requests before Fastify with the same plumbing: request id, trace, log line, metrics', async () => {
    const traceId = 'c'.repeat(32);
    const response = await fetch(`${base}/raw/7`, { headers: { 'x-request-id': 'req_raw-check', traceparent: `00-${traceId}-${'d'.repeat(16)}-01` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req_raw-check');
    expect(await response.json()).toEqual({ requestId: 'req_raw-check', traceId });
    await until(async () => logLines.some((entry) => entry.includes('"request_id":"req_raw-check"')), 5000);
    const line = logLines.map((entry) => JSON.parse(entry) as Record<string, unknown>).find((entry) => entry['request_id'] === 'req_raw-check');
    expect(line).toMatchObject({ msg: 'request completed', route: '/raw/:id', url: '/raw/7', status_code: 200, trace_id: traceId });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/http_requests_total\{[^}]*route="\/raw\/:id"/);
    expect(metrics).not.toContain('/raw/7');
  });

  it('sends the chassis headers with a whole response (respondsWhole), and logs and counts it like any other', async () => {
    const traceId = 'e'.repeat(32);
    const response = await fetch(`${base}/whole/7`, { headers: { 'x-request-id': 'req_whole-check', traceparent: `00-${traceId}-${'d'.repeat(16)}-01` } });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('req_whole-check');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await response.text();
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(JSON.parse(text)).toEqual({ requestId: 'req_whole-check', traceId });
    const generated = await fetch(`${base}/whole/8`);
    expect(generated.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    await until(async () => logLines.some((entry) => entry.includes('"request_id":"req_whole-check"')), 5000);
    const line = logLines.map((entry) => JSON.parse(entry) as Record<string, unknown>).find((entry) => entry['request_id'] === 'req_whole-check');
    expect(line).toMatchObject({ msg: 'request completed', route: '/whole/:id', url: '/whole/7', status_code: 201, trace_id: traceId });
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/http_requests_total\{[^}]*route="\/whole\/:id",status_code="201"/);
  });

  it('answers a whole-response route that throws with the opaque 500 envelope and its request id', async () => {
    const response = await fetch(`${base}/whole/boom`, { headers: { 'x-request-id': 'req_whole-boom' } });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toBe('req_whole-boom');
    const text = await response.text();
    expect(text).not.toContain('secret whole detail');
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'INTERNAL_ERROR', request_id: 'req_whole-boom' } });
  });

  it('answers a claimed request whose handler throws with an opaque 500 envelope', async () => {
    const response = await fetch(`${base}/raw/boom`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secret raw detail');
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'INTERNAL_ERROR', request_id: response.headers.get('x-request-id') } });
  });

  it('serves Prometheus metrics', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('forecastin_lifecycle_state{state="running"');
    expect(text).toContain('forecastin_dependency_up{dependency="switchable"');
  });

  it('goes not-ready when a dependency fails its probe and recovers by itself', async () => {
    dependency.up = false;
    await until(async () => (await fetch(`${base}/health/ready`)).status === 503, 5000);
    const body = (await (await fetch(`${base}/health/ready`)).json()) as { error: { details: Array<{ field: string }> } };
    expect(body.error.details[0]?.field).toBe('dependencies.switchable');
    dependency.up = true;
    await until(async () => (await fetch(`${base}/health/ready`)).status === 200, 5000);
  });
});
