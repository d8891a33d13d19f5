import { join } from 'node:path';
import { runServiceCommand } from './service-command';
import { startServiceProcess, type ServiceProcess } from './service-process';

const FAKE = join(__dirname, '..', 'test', 'fixtures', 'fake-service.cjs');

describe('startServiceProcess', () => {
  let service: ServiceProcess | undefined;

  afterEach(async () => {
    await service?.stop(2000);
    service = undefined;
  });

  it('waits for /health/ready, captures JSON logs and stops with SIGTERM', async () => {
    service = await startServiceProcess({ main: FAKE, env: { READY_AFTER_MS: '300' }, readyTimeoutMs: 5000 });
    const response = await fetch(`${service.baseUrl}/health/ready`);
    expect(response.status).toBe(200);
    // NODE_ENV from Jest is not passed on: the service falls back to its own default.
    expect(service.jsonLogs()).toContainEqual(expect.objectContaining({ msg: 'listening', port: service.port, nodeEnv: null }));

    service.signal('SIGTERM');
    await expect(service.waitForExit(3000)).resolves.toEqual({ code: 0, signal: null });
    expect(service.jsonLogs().map((record) => record['msg'])).toContain('stopping');
  });

  it("waitFor 'live' returns while the service is still not ready", async () => {
    service = await startServiceProcess({ main: FAKE, env: { READY_AFTER_MS: '60000' }, waitFor: 'live', readyTimeoutMs: 5000 });
    expect((await fetch(`${service.baseUrl}/health/ready`)).status).toBe(503);
  });

  it('throws with the captured output when the process exits early', async () => {
    await expect(startServiceProcess({ main: FAKE, env: { FAIL_AT_START: '1' }, readyTimeoutMs: 5000 })).rejects.toThrow(
      /exited \(code 3.*\n.*DATABASE_URL is required/s,
    );
  });

  it('kills the process and throws when it is never ready', async () => {
    await expect(startServiceProcess({ main: FAKE, env: { READY_AFTER_MS: '60000' }, readyTimeoutMs: 800 })).rejects.toThrow(
      /not ready within 800 ms:\n.*listening/s,
    );
  });
});

describe('runServiceCommand', () => {
  it('runs a command to completion and returns code and output', async () => {
    const ok = await runServiceCommand(FAKE, ['migrate']);
    expect(ok.code).toBe(0);
    expect(ok.jsonLogs).toContainEqual(expect.objectContaining({ msg: 'migration applied' }));
    expect(ok.output).toContain('plain stderr line');

    const failed = await runServiceCommand(FAKE, ['migrate'], { MIGRATE_EXIT: '2' });
    expect(failed.code).toBe(2);
  });
});
