import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { HierarchyClient } from './support/hierarchy-cluster';
import { eventually, startServiceUnderTest, TcpProxy, waitForReadiness, waitUntilNotReady, type ServiceUnderTest } from '@forecastin/testing';

const MAIN = path.join(__dirname, '..', 'dist', 'main.js');
type DependencyName = 'postgres' | 'redis' | 'nats';
const TARGET_PORTS: Record<DependencyName, number> = { postgres: 5432, redis: 6379, nats: 4222 };

/**
 * hierarchy-service uses all three dependencies, so it is where the chassis promise is checked
 * against the real servers: cut Postgres or NATS (through a TCP proxy) and the service turns
 * not-ready within seconds, naming the dependency; restore it and the same process turns ready
 * again. Redis is only its L2 cache: without it the service stays ready and reads go L1 → L3.
 */
describe('hierarchy-service under dependency outages (built dist/main.js as a process)', () => {
  const proxies = {} as Record<DependencyName, TcpProxy>;
  let service: ServiceUnderTest;

  beforeAll(async () => {
    for (const name of Object.keys(TARGET_PORTS) as DependencyName[]) {
      proxies[name] = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: TARGET_PORTS[name] });
    }
    service = await startServiceUnderTest({
      label: 'outage',
      main: MAIN,
      database: true,
      environment: (defaults) => ({
        ...defaults,
        DATABASE_URL: proxies.postgres.rewriteUrl(defaults['DATABASE_URL'] ?? ''),
        REDIS_URL: proxies.redis.url('redis'),
        NATS_URL: proxies.nats.url('nats'),
        DEPENDENCY_CHECK_INTERVAL_MS: '500',
      }),
    });
  });

  afterAll(async () => {
    await service.cleanup();
    await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
  });

  it.each(['postgres', 'nats'] as const)('%s cut → not ready within seconds, restored → ready again, no restart', async (name) => {
    await waitForReadiness(service.port, 200, 10_000);

    await proxies[name].cut();
    const cutAt = Date.now();
    expect(await waitUntilNotReady(service.port, 5_000)).toBe('503');
    const notReadyAfterMs = Date.now() - cutAt;
    const readiness = (await (await fetch(`http://127.0.0.1:${service.port}/health/ready`)).json()) as {
      status: string;
      dependencies: Record<string, { status: string }>;
      error: { code: string };
    };
    expect(readiness.status).toBe('not_ready');
    expect(readiness.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(readiness.dependencies[name]?.status).toBe('down');
    expect(notReadyAfterMs).toBeLessThan(5_000);

    await proxies[name].restore();
    await waitForReadiness(service.port, 200, 20_000);
    expect(service.process.child.exitCode).toBeNull();
  });
});

describe('hierarchy-service without Redis (its L2 cache)', () => {
  let proxy: TcpProxy;
  let service: ServiceUnderTest;

  beforeAll(async () => {
    proxy = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: TARGET_PORTS.redis });
    service = await startServiceUnderTest({
      label: 'noredis',
      main: MAIN,
      database: true,
      environment: (defaults) => ({ ...defaults, REDIS_URL: proxy.url('redis'), DEPENDENCY_CHECK_INTERVAL_MS: '300' }),
    });
  });

  afterAll(async () => {
    await service.cleanup();
    await proxy.close();
  });

  it('stays ready (degraded: redis down, not required) and keeps answering reads from L1/L3', async () => {
    await proxy.cut();
    await eventually(async () => {
      const readiness = await fetch(`http://127.0.0.1:${service.port}/health/ready`);
      expect(readiness.status).toBe(200);
      expect(await readiness.json()).toMatchObject({ status: 'ready', dependencies: { redis: { status: 'down', required: false }, postgres: { status: 'up' } } });
    });
    const client = new HierarchyClient(`http://127.0.0.1:${service.port}`, randomUUID());
    const roots = await client.get('/api/v1/hierarchy/roots');
    expect(roots.status).toBe(200);
    expect(roots.body).toEqual({ items: [], next_cursor: null, has_more: false });
    await proxy.restore();
    await eventually(async () => {
      const readiness = (await (await fetch(`http://127.0.0.1:${service.port}/health/ready`)).json()) as { dependencies: Record<string, { status: string }> };
      expect(readiness.dependencies['redis']?.status).toBe('up');
    }, 20_000);
  });
});

describe('hierarchy-service started while a dependency is down', () => {
  let proxy: TcpProxy;
  let service: ServiceUnderTest;

  beforeAll(async () => {
    proxy = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: TARGET_PORTS.nats });
    await proxy.cut();
    service = await startServiceUnderTest({
      label: 'coldstart',
      main: MAIN,
      database: true,
      waitFor: 'live',
      environment: (defaults) => ({ ...defaults, NATS_URL: proxy.url('nats') }),
    });
  });

  afterAll(async () => {
    await service.cleanup();
    await proxy.close();
  });

  it('stays up and not ready (state starting) while retrying, then becomes ready by itself', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const response = await fetch(`http://127.0.0.1:${service.port}/health/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ state: 'starting', dependencies: { nats: { status: 'down' }, postgres: { status: 'up' } } });
    expect(service.process.child.exitCode).toBeNull();

    await proxy.restore();
    await waitForReadiness(service.port, 200, 20_000);
    expect(service.process.child.exitCode).toBeNull();
  });
});
