import pino from 'pino';
import type { Dependency } from '../dependency';
import { DependencySupervisor } from './dependency-supervisor';

const silent = pino({ level: 'silent' });
const options = { checkIntervalMs: 60_000, checkTimeoutMs: 1_000, connectTimeoutMs: 1_000, retryInitialMs: 10, retryMaxMs: 10 };

function dependency(name: string, check: () => Promise<void>): Dependency {
  return { name, connect: async () => undefined, check, close: async () => undefined };
}

describe('DependencySupervisor', () => {
  it('reports a dependency up only once a probe has passed, not merely because connect() returned', async () => {
    const supervisor = new DependencySupervisor(
      [dependency('healthy', async () => undefined), dependency('unreachable', () => Promise.reject(new Error('connection refused')))],
      silent,
      options,
    );
    await supervisor.connectAll();
    const snapshot = supervisor.snapshot();
    expect(snapshot['healthy']).toMatchObject({ status: 'up' });
    expect(snapshot['unreachable']).toMatchObject({ status: 'down', error: 'connection refused' });
    expect(supervisor.allUp()).toBe(false);
    supervisor.stop();
  });
});
