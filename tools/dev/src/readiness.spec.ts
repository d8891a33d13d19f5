import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitForReady } from './readiness';

describe('waitForReady', () => {
  let server: Server;
  let url: string;
  let requests = 0;
  let readyAfter = 0;

  beforeEach(async () => {
    requests = 0;
    server = createServer((_req, res) => {
      requests += 1;
      res.statusCode = requests > readyAfter ? 200 : 503;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health/ready`;
  });
  afterEach(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('keeps polling through 503 until the service answers 200', async () => {
    readyAfter = 2;
    const result = await waitForReady(url, { timeoutMs: 5_000, intervalMs: 20 });
    expect(result.ready).toBe(true);
    expect(requests).toBe(3);
  });

  it('gives up after the bound and says what it saw last', async () => {
    readyAfter = Number.POSITIVE_INFINITY;
    const result = await waitForReady(url, { timeoutMs: 300, intervalMs: 20 });
    expect(result).toEqual({ ready: false, reason: expect.stringContaining('answered 503') as unknown });
  });

  it('stops at once when the process has exited', async () => {
    readyAfter = Number.POSITIVE_INFINITY;
    const started = Date.now();
    const result = await waitForReady(url, { timeoutMs: 10_000, intervalMs: 20, gaveUp: () => requests >= 1 });
    expect(result).toEqual({ ready: false, reason: 'the process exited' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
