import { mintTestToken, TcpProxy, type ServiceProcess } from '@forecastin/testing';
import { bearer, gatewayEnv, startEchoUpstream, startGateway, trustedKeys, type Envelope } from './support/gateway-harness';

let upstream: ServiceProcess;
let redisProxy: TcpProxy;
let gateway: ServiceProcess;
let token: string;

beforeAll(async () => {
  const trusted = await trustedKeys();
  upstream = await startEchoUpstream();
  redisProxy = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: 6379 });
  gateway = await startGateway(gatewayEnv(trusted.file, upstream.baseUrl, { REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`, RATE_LIMIT_REDIS_TIMEOUT_MS: '200' }));
  token = await mintTestToken(trusted.keys, { roles: ['viewer'] });
});

afterAll(async () => {
  await gateway?.stop();
  await redisProxy?.close();
  await upstream?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${gateway.baseUrl}${path}`, { headers });

describe('Redis unreachable', () => {
  it('authenticated requests fail closed with 503 (revocation cannot be checked); they pass again once Redis is back', async () => {
    expect((await get('/api/v1/entities', bearer(token))).status).toBe(200);
    await redisProxy.cut();

    const response = await get('/api/v1/entities', bearer(token));
    expect(response.status).toBe(503);
    const body = (await response.json()) as Envelope;
    expect(body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(body.error.request_id).toBe(response.headers.get('x-request-id'));

    // Anonymous callers are still limited (locally) and refused as unauthenticated.
    expect((await get('/api/v1/entities')).status).toBe(401);
    const ready = (await (await get('/health/ready')).json()) as { dependencies: Record<string, { status: string; mode?: string }> };
    expect(ready.dependencies['rate-limiter']).toMatchObject({ mode: 'local' });

    await redisProxy.restore();
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await get('/api/v1/entities', bearer(token))).status;
    }
    expect(status).toBe(200);
  });
});
