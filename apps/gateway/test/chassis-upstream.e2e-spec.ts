import path from 'node:path';
import { mintTestToken, startServiceUnderTest, type ServiceProcess, type ServiceUnderTest } from '@forecastin/testing';
import { bearer, gatewayEnv, IDENTITY_KEY, startGateway, trustedKeys, type Envelope } from './support/gateway-harness';

const REALTIME_MAIN = path.join(__dirname, '..', '..', 'realtime-service', 'dist', 'main.js');

let service: ServiceUnderTest;
let gateway: ServiceProcess;
let token: string;

beforeAll(async () => {
  const trusted = await trustedKeys();
  // A real chassis service (the built realtime-service) as the upstream, sharing the identity key.
  service = await startServiceUnderTest({
    label: 'gateway-upstream',
    main: REALTIME_MAIN,
    database: false,
    environment: (defaults) => ({ ...defaults, IDENTITY_SIGNING_KEY: IDENTITY_KEY }),
  });
  // flag-service is not running: nothing listens on port 1.
  gateway = await startGateway(gatewayEnv(trusted.file, `http://127.0.0.1:${service.port}`, { UPSTREAM_FLAG_URL: 'http://127.0.0.1:1' }));
  token = await mintTestToken(trusted.keys, { roles: ['viewer'] });
});

afterAll(async () => {
  await gateway?.stop();
  await service?.cleanup();
});

describe('through the gateway to a real chassis service', () => {
  it("passes the service's own error envelope through untouched, under the gateway's request id", async () => {
    const response = await fetch(`${gateway.baseUrl}/api/v1/realtime`, { headers: { ...bearer(token), 'x-request-id': 'req_chassis-upstream-1' } });
    const body = (await response.json()) as Envelope;
    // realtime-service has no HTTP route here yet: its chassis answers 404 ROUTE_NOT_FOUND.
    expect(response.status).toBe(404);
    expect(body.error.code).toBe('ROUTE_NOT_FOUND');
    expect(body.error.request_id).toBe('req_chassis-upstream-1');
    expect(response.headers.get('x-request-id')).toBe('req_chassis-upstream-1');
  });

  it("reports the service's readiness as the upstream's", async () => {
    type Ready = { dependencies: Record<string, { status: string; breaker?: string }> };
    let body: Ready | undefined;
    // The first probe runs one check interval after start-up; poll until it has.
    for (let i = 0; i < 50 && body?.dependencies['upstream:realtime']?.status !== 'up'; i++) {
      if (body) await new Promise((resolve) => setTimeout(resolve, 100));
      body = (await (await fetch(`${gateway.baseUrl}/health/ready`)).json()) as Ready;
    }
    expect(body?.dependencies['upstream:realtime']).toMatchObject({ status: 'up', breaker: 'closed' });
    // The other upstreams are not running here: reported down, yet the gateway stays ready.
    expect(body?.dependencies['upstream:flag']).toMatchObject({ status: 'down', required: false });
  });
});
