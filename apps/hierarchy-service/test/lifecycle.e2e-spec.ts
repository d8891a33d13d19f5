import path from 'node:path';
import {
  openSlowRequest,
  readinessStatus,
  startServiceUnderTest,
  waitUntilNotReady,
  type ServiceUnderTest,
} from './service-under-test.helper';

const MAIN = path.join(__dirname, '..', 'dist', 'main.js');

describe('hierarchy-service lifecycle (built dist/main.js as a process)', () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await startServiceUnderTest({ label: 'hierarchy', main: MAIN, database: true });
  });

  afterAll(async () => {
    await service.cleanup();
  });

  it('drains a request in flight on SIGTERM, stops being ready, and exits 0', async () => {
    expect(await readinessStatus(service.port)).toBe(200);
    const slow = await openSlowRequest(service.port);

    service.process.signal('SIGTERM');

    expect(await waitUntilNotReady(service.port, 5_000)).toMatch(/^(503|refused)$/);
    // Still nothing answered: the request is genuinely in flight while the service stops.
    expect(slow.bytesReceived()).toBe(0);
    const response = await slow.finish();
    // A full response (not a reset): the unknown route's 404 in the API error envelope.
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });

    const exit = await service.process.waitForExit(15_000);
    expect(exit.code).toBe(0);
  });
});
