import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket, { WebSocketServer } from 'ws';
import { createLogger } from '@forecastin/observability';
import { UpstreamProxy } from './upstream-proxy';

/** An upstream that drops the first `resets` requests without a byte of answer (ECONNRESET), then answers 200. */
function flakyUpstream(resets: number): { server: Server; received: () => number } {
  let count = 0;
  const server = createServer((req, res) => {
    count += 1;
    if (count <= resets) return void req.socket.destroy();
    req.resume();
    req.on('end', () => res.end(JSON.stringify({ attempt: count })));
  });
  return { server, received: () => count };
}

/**
 * A port whose connections never complete: a process listens with a backlog of 1 and then blocks
 * its event loop, so nothing is ever accepted; once a few connections fill the kernel's accept
 * queue, further handshakes go unanswered (as with a hung or overloaded host). It blocks in the
 * same callback that reports the port (a pipe write is synchronous): given one more turn of its
 * loop, a loaded machine let it accept the fillers, and the next connection was accepted.
 */
async function unacceptingPort(): Promise<{ port: number; stop: () => void }> {
  const script = `const server = require('node:net').createServer();
    server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
      process.stdout.write(server.address().port + '\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
    });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout ?? child, 'data')) as [Buffer];
  const port = Number(line.toString().trim());
  const fillers: Socket[] = Array.from({ length: 4 }, () => connect({ host: '127.0.0.1', port }).on('error', () => undefined));
  return {
    port,
    stop: () => {
      for (const filler of fillers) filler.destroy();
      child.kill('SIGKILL');
    },
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function send(port: number, method: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: '/api/v1/entities', headers: body ? { 'content-type': 'application/json' } : {} }, (res: IncomingMessage) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A proxy to `127.0.0.1:upstreamPort`: 2 s response and 500 ms connect timeouts, 2 GET retries, a 50 % breaker. */
function testProxy(name: string, upstreamPort: number, breaker: { volumeThreshold: number; resetTimeout: number }): UpstreamProxy {
  return new UpstreamProxy({
    name,
    target: `http://127.0.0.1:${upstreamPort}`,
    timeoutMs: 2_000,
    connectTimeoutMs: 500,
    maxSockets: 8,
    retries: 2,
    retryBaseMs: 5,
    maxBodyBytes: 1024,
    breaker: { errorThresholdPercentage: 50, rollingCountTimeout: 10_000, ...breaker },
    logger: createLogger({ service: 'gateway-test', level: 'silent' }),
  });
}

describe('UpstreamProxy retries', () => {
  const servers: Server[] = [];
  const proxies: UpstreamProxy[] = [];

  async function setUp(resets: number, unaccepting?: { port: number }): Promise<{ port: number; received: () => number }> {
    const upstream = flakyUpstream(resets);
    servers.push(upstream.server);
    const upstreamPort = unaccepting?.port ?? (await listen(upstream.server));
    const proxy = testProxy('entity', upstreamPort, { volumeThreshold: 100, resetTimeout: 1_000 });
    proxies.push(proxy);
    const front = createServer((req, res) => void proxy.forward(req, res, 'req_retry-test'));
    servers.push(front);
    return { port: await listen(front), received: upstream.received };
  }

  afterEach(async () => {
    for (const proxy of proxies.splice(0)) proxy.close();
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('retries a GET whose connection was reset before any answer, and succeeds', async () => {
    const { port, received } = await setUp(2);
    const response = await send(port, 'GET');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ attempt: 3 });
    expect(received()).toBe(3);
  });

  it('gives up after the configured retries with 503 SERVICE_UNAVAILABLE', async () => {
    const { port, received } = await setUp(10);
    const response = await send(port, 'GET');
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE', request_id: 'req_retry-test' } });
    expect(received()).toBe(3);
  });

  it('never retries a POST (not idempotent): one attempt, then 503', async () => {
    const { port, received } = await setUp(1);
    const response = await send(port, 'POST', '{"name":"x"}');
    expect(response.status).toBe(503);
    expect(received()).toBe(1);
  });

  it('answers 504 UPSTREAM_TIMEOUT when the upstream never accepts the connection (after the GET retries)', async () => {
    const unaccepting = await unacceptingPort();
    try {
      const { port } = await setUp(0, unaccepting);
      const started = Date.now();
      const response = await send(port, 'GET');
      expect(response.status).toBe(504);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'UPSTREAM_TIMEOUT', request_id: 'req_retry-test' } });
      // Three attempts of a 500 ms connect timeout each: retried, since nothing reached the upstream.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    } finally {
      unaccepting.stop();
    }
  });
});

/** A port nothing listens on: connections to it are refused. */
async function refusingPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Opens a WebSocket through `port`: the first message once upgraded, or the refusal's status, body and headers. */
function upgradeThrough(port: number): Promise<{ upgraded: true; first: string } | { upgraded: false; status: number; body: string; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime`);
    socket.once('message', (data) => {
      resolve({ upgraded: true, first: String(data) });
      socket.close();
    });
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ upgraded: false, status: response.statusCode ?? 0, body, ...(response.headers['retry-after'] ? { retryAfter: response.headers['retry-after'] } : {}) }));
    });
    socket.once('error', reject);
  });
}

describe('UpstreamProxy WebSocket upgrades (breaker, failures, connect timeout)', () => {
  const servers: Server[] = [];
  const proxies: UpstreamProxy[] = [];

  async function front(upstreamPort: number): Promise<number> {
    const proxy = testProxy('realtime', upstreamPort, { volumeThreshold: 2, resetTimeout: 60_000 });
    proxies.push(proxy);
    const server = createServer((_req, res) => res.end());
    server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => proxy.upgrade(req, socket, head, 'req_ws-test'));
    servers.push(server);
    return listen(server);
  }

  afterEach(async () => {
    for (const proxy of proxies.splice(0)) proxy.close();
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('proxies the upgrade to a live upstream; frames flow', async () => {
    const upstream = createServer();
    servers.push(upstream);
    const sockets = new WebSocketServer({ server: upstream });
    sockets.on('connection', (socket) => socket.send('hello'));
    const port = await front(await listen(upstream));
    expect(await upgradeThrough(port)).toEqual({ upgraded: true, first: 'hello' });
    sockets.close();
  });

  it('an upstream that refuses: 503 on the socket, and the failures open the breaker (then 503 at once, Retry-After)', async () => {
    const port = await front(await refusingPort());
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await upgradeThrough(port);
      expect(refused).toMatchObject({ upgraded: false, status: 503 });
      if (refused.upgraded) throw new Error('unreachable');
      expect(JSON.parse(refused.body)).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: 'realtime is unavailable', request_id: 'req_ws-test' } });
    }
    const open = await upgradeThrough(port);
    expect(open).toMatchObject({ upgraded: false, status: 503, retryAfter: '1' });
    if (open.upgraded) throw new Error('unreachable');
    expect(JSON.parse(open.body)).toMatchObject({ error: { message: 'realtime is unavailable (circuit open)' } });
  });

  it('an upstream that never accepts: 504 UPSTREAM_TIMEOUT after the connect timeout, not a hang', async () => {
    const unaccepting = await unacceptingPort();
    try {
      const port = await front(unaccepting.port);
      const started = Date.now();
      const refused = await upgradeThrough(port);
      expect(refused).toMatchObject({ upgraded: false, status: 504 });
      if (refused.upgraded) throw new Error('unreachable');
      expect(JSON.parse(refused.body)).toEqual({ error: { code: 'UPSTREAM_TIMEOUT', message: 'realtime did not accept the connection in time', request_id: 'req_ws-test' } });
      // Bounded by the 500 ms connect timeout (with room for a loaded machine; without it the client waits on TCP's own timeout).
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      unaccepting.stop();
    }
  });

  it('an upstream that accepts but never answers the upgrade: 504 after the response timeout, not a hang', async () => {
    const silent = createServer();
    servers.push(silent);
    const held: Duplex[] = [];
    silent.on('upgrade', (_req, socket: Duplex) => held.push(socket));
    const port = await front(await listen(silent));
    const started = Date.now();
    const refused = await upgradeThrough(port);
    expect(refused).toMatchObject({ upgraded: false, status: 504 });
    if (refused.upgraded) throw new Error('unreachable');
    expect(JSON.parse(refused.body)).toEqual({ error: { code: 'UPSTREAM_TIMEOUT', message: 'realtime did not answer in time', request_id: 'req_ws-test' } });
    // The 2 s response timeout (before the fix the client waited for ever).
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(held).toHaveLength(1);
    for (const socket of held) socket.destroy();
  });

  it('an upgraded WebSocket idle for longer than the response timeout stays open', async () => {
    const upstream = createServer();
    servers.push(upstream);
    const sockets = new WebSocketServer({ server: upstream });
    sockets.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo ${String(data)}`)));
    const port = await front(await listen(upstream));
    const client = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime`);
    await once(client, 'open');
    await sleep(2_500); // past the 2 s response timeout that bounds the handshake
    client.send('still here');
    const [reply] = (await once(client, 'message')) as [Buffer];
    expect(String(reply)).toBe('echo still here');
    client.close();
    sockets.close();
  });
});
