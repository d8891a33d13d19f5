// Runs tools/stack/stack.sh for real: the shared services on their usual ports, and a Redis and a
// NATS of its own on free ports to prove up/down start and stop only what they recorded.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const script = path.resolve(__dirname, '..', '..', 'stack', 'stack.sh');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function stack(command: string, env: NodeJS.ProcessEnv): { code: number | null; out: string } {
  const result = spawnSync('bash', [script, command], {
    env: { ...process.env, FORECASTIN_STACK_NO_INSTALL: '1', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('stack.sh', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(path.join(tmpdir(), 'forecastin-stack-'));
  });
  afterEach(() => {
    stack('down', { FORECASTIN_STACK_DIR: stateDir });
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('reports the running shared services, one line each', () => {
    const { code, out } = stack('status', { FORECASTIN_STACK_DIR: stateDir });
    expect(out).toMatch(/^ {2}postgres: running on 127\.0\.0\.1:\d+; database forecastin \(ltree/m);
    expect(out).toMatch(/^ {2}redis: +running on 127\.0\.0\.1:\d+$/m);
    expect(out).toMatch(/^ {2}nats: +running on 127\.0\.0\.1:\d+; JetStream on/m);
    expect(code).toBe(0);
  });

  it('starts a stopped Redis and NATS (with JetStream), is idempotent, and stops only those', async () => {
    const env = {
      FORECASTIN_STACK_DIR: stateDir,
      FORECASTIN_REDIS_PORT: String(await freePort()),
      FORECASTIN_NATS_PORT: String(await freePort()),
      FORECASTIN_NATS_MONITOR_PORT: String(await freePort()),
    };

    const first = stack('up', env);
    expect(first.out).toMatch(/postgres: already running/);
    expect(first.out).toMatch(new RegExp(`redis: +started on 127\\.0\\.0\\.1:${env.FORECASTIN_REDIS_PORT}`));
    expect(first.out).toMatch(new RegExp(`nats: +started on 127\\.0\\.0\\.1:${env.FORECASTIN_NATS_PORT}; JetStream on \\(monitoring`));
    expect(first.code).toBe(0);
    expect(readFileSync(path.join(stateDir, 'env'), 'utf8')).toContain(`REDIS_URL=redis://127.0.0.1:${env.FORECASTIN_REDIS_PORT}`);

    const second = stack('up', env);
    expect(second.out).toMatch(/redis: +already running \(started by stack:up\)/);
    expect(second.out).toMatch(/nats: +already running \(started by stack:up\)/);

    const down = stack('down', env);
    expect(down.out).toMatch(/postgres: left running \(not started by stack:up\)/);
    expect(down.out).toMatch(/redis: +stopped/);
    expect(down.out).toMatch(/nats: +stopped/);
    expect(existsSync(path.join(stateDir, 'started', 'redis'))).toBe(false);

    const after = stack('status', env);
    expect(after.out).toMatch(/redis: +down/);
    expect(after.out).toMatch(/nats: +down/);
    expect(after.code).toBe(1);
  });

  it('says what to do when a dependency is missing and cannot be installed', async () => {
    const port = String(await freePort());
    const { code, out } = stack('up', { FORECASTIN_STACK_DIR: stateDir, FORECASTIN_NATS_PORT: port, PATH: '/usr/bin:/bin' });
    // nats-server lives in /usr/sbin, so with this PATH it looks absent and installs are off.
    expect(out).toMatch(new RegExp(`nats: +cannot: nothing answers on 127\\.0\\.0\\.1:${port}\\..*docker compose up -d postgres redis nats`));
    expect(code).toBe(1);
  });
});
