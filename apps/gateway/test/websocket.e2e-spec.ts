import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { verifyIdentity } from '@forecastin/lifecycle';
import { mintTestToken, type ServiceProcess, type TestKeys } from '@forecastin/testing';
import { IDENTITY_KEY, seenBy, startGatewayWithEcho, type GatewayUnderTest } from './support/gateway-harness';

let setup: GatewayUnderTest;
let upstream: ServiceProcess;
let gateway: ServiceProcess;
let keys: TestKeys;

beforeAll(async () => {
  setup = await startGatewayWithEcho();
  ({ upstream, gateway, keys } = setup);
});

afterAll(async () => {
  await setup?.stop();
});

const wsUrl = (path: string) => `${gateway.baseUrl.replace('http', 'ws')}${path}`;

interface Hello {
  type: string;
  url: string;
  headers: Record<string, string>;
}

function open(path: string, headers: Record<string, string> = {}): Promise<{ socket: WebSocket; hello: Hello }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(path), { headers });
    socket.once('message', (data) => resolve({ socket, hello: JSON.parse(String(data)) as Hello }));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`refused with ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

function refusal(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(path), { headers });
    socket.once('open', () => reject(new Error('upgrade unexpectedly accepted')));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.once('error', () => undefined);
  });
}

describe('WebSocket upgrade at /api/v1/realtime', () => {
  it('with a bearer header: upgraded and proxied with the signed identity; frames flow both ways', async () => {
    const sub = `user-${randomUUID()}`;
    const token = await mintTestToken(keys, { sub, roles: ['viewer'] });
    const { socket, hello } = await open('/api/v1/realtime', { authorization: `Bearer ${token}`, 'x-forecastin-identity': 'forged.x' });
    try {
      expect(hello.type).toBe('hello');
      expect(hello.headers).not.toHaveProperty('authorization');
      const identity = verifyIdentity(hello.headers['x-forecastin-identity'], IDENTITY_KEY);
      expect(identity).toMatchObject({ ok: true, identity: { sub, roles: ['viewer'] } });
      const echoed = new Promise((resolve) => socket.once('message', (data) => resolve(String(data))));
      socket.send('{"type":"ping"}');
      expect(await echoed).toBe('{"type":"ping"}');
    } finally {
      socket.close();
    }
  });

  it('with ?access_token= (browsers): accepted, and the token is not forwarded in the URL', async () => {
    const token = await mintTestToken(keys, { roles: ['viewer'] });
    const { socket, hello } = await open(`/api/v1/realtime?access_token=${token}&since=evt_1`);
    socket.close();
    expect(hello.url).toBe('/api/v1/realtime?since=evt_1');
    expect(verifyIdentity(hello.headers['x-forecastin-identity'], IDENTITY_KEY).ok).toBe(true);
  });

  it('without a valid token: refused with an HTTP 401 envelope before the upgrade; the upstream sees nothing', async () => {
    const before = (await seenBy(upstream)).length;
    const missing = await refusal('/api/v1/realtime');
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const bad = await refusal('/api/v1/realtime?access_token=not-a-jwt');
    expect(bad.status).toBe(401);
    const elsewhere = await refusal('/api/v1/entities', { authorization: `Bearer ${await mintTestToken(keys, { roles: ['viewer'] })}` });
    expect(elsewhere.status).toBe(404);
    expect((await seenBy(upstream)).length).toBe(before);
  });
});
