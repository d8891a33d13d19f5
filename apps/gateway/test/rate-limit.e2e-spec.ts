import { randomUUID } from 'node:crypto';
import { mintTestToken, testRedisEnv, uniqueTestPrefix, type ServiceProcess } from '@forecastin/testing';
import { bearer, gatewayEnv, startEchoUpstream, startGateway, trustedKeys } from './support/gateway-harness';

const LIMIT = 25;
const REQUESTS = 90;

let upstream: ServiceProcess;
const gateways: ServiceProcess[] = [];
let token: string;
let trusted: Awaited<ReturnType<typeof trustedKeys>>;
const viewerClaims = { sub: `user-${randomUUID()}`, workspace_id: randomUUID() };

beforeAll(async () => {
  trusted = await trustedKeys();
  upstream = await startEchoUpstream();
  // Two instances sharing one Redis key space, as two replicas behind a load balancer.
  // The claim here is exactness under concurrency, not latency: a generous Redis bound keeps a
  // loaded machine's slow reply from turning a decision into the fail-closed 503 (its own tests).
  const shared = {
    ...testRedisEnv(uniqueTestPrefix('gateway-rl')),
    RATE_LIMIT_READ_PER_WINDOW: String(LIMIT),
    RATE_LIMIT_WINDOW_SECONDS: '60',
    RATE_LIMIT_REDIS_TIMEOUT_MS: '5000',
  };
  for (let i = 0; i < 2; i++) gateways.push(await startGateway(gatewayEnv(trusted.file, upstream.baseUrl, shared)));
  token = await mintTestToken(trusted.keys, { ...viewerClaims, roles: ['viewer'] });
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await upstream?.stop();
});

describe('rate limit over two gateway instances sharing Redis', () => {
  it(`${REQUESTS} parallel requests, limit ${LIMIT} → exactly ${LIMIT} succeed; the rest 429 with Retry-After`, async () => {
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) => fetch(`${gateways[i % 2]?.baseUrl}/api/v1/entities`, { headers: bearer(token) })),
    );
    const statuses = new Map<number, number>();
    for (const { status } of responses) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ 200: LIMIT, 429: REQUESTS - LIMIT });

    const refused = responses.find((response) => response.status === 429);
    expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused?.headers.get('ratelimit-limit')).toBe(String(LIMIT));
    expect(refused?.headers.get('ratelimit-remaining')).toBe('0');
    expect(await refused?.json()).toMatchObject({ error: { code: 'RATE_LIMIT_EXCEEDED' } });
    const allowed = responses.find((response) => response.status === 200);
    expect(allowed?.headers.get('ratelimit-limit')).toBe(String(LIMIT));
  });

  it('limits each route class separately: the same user can still write when reads are exhausted', async () => {
    const analyst = await mintTestToken(trusted.keys, { sub: viewerClaims.sub, workspace_id: viewerClaims.workspace_id, roles: ['analyst'] });
    const gateway = gateways[0]?.baseUrl;
    expect((await fetch(`${gateway}/api/v1/entities`, { headers: bearer(analyst) })).status).toBe(429);
    const write = await fetch(`${gateway}/api/v1/entities`, { method: 'POST', headers: { ...bearer(analyst), 'content-type': 'application/json' }, body: '{}' });
    expect(write.status).toBe(200);
  });
});
