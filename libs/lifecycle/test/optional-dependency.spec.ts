import { createLogger } from '@forecastin/observability';
import type { Dependency } from '../src/dependency';
import { DependencySupervisor } from '../src/dependencies/dependency-supervisor';

class ProbeDouble implements Dependency {
  healthy = true;
  constructor(
    readonly name: string,
    readonly required?: boolean,
    private readonly extra?: () => Record<string, string>,
  ) {}
  connect = async (): Promise<void> => undefined;
  check = async (): Promise<void> => {
    if (!this.healthy) throw new Error(`${this.name} probe failed`);
  };
  close = async (): Promise<void> => undefined;
  details = (): Record<string, string> => this.extra?.() ?? {};
}

const options = { checkIntervalMs: 20, checkTimeoutMs: 50, connectTimeoutMs: 100, retryInitialMs: 10, retryMaxMs: 20 };
const logger = createLogger({ service: 'lifecycle-test', level: 'silent' });

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('condition not reached');
}

describe('optional dependencies (required: false)', () => {
  it('are reported with their details but do not decide readiness', async () => {
    let breaker = 'closed';
    const required = new ProbeDouble('redis');
    const optional = new ProbeDouble('upstream:entity', false, () => ({ breaker }));
    const supervisor = new DependencySupervisor([required, optional], logger, options);
    await supervisor.connectAll();
    supervisor.startMonitoring();
    try {
      optional.healthy = false;
      breaker = 'open';
      await waitFor(() => supervisor.snapshot()['upstream:entity']?.status === 'down');
      expect(supervisor.allUp()).toBe(true);
      expect(supervisor.snapshot()['upstream:entity']).toMatchObject({ status: 'down', breaker: 'open', required: false });
      expect(supervisor.snapshot()['redis']).not.toHaveProperty('required');

      required.healthy = false;
      await waitFor(() => supervisor.snapshot()['redis']?.status === 'down');
      expect(supervisor.allUp()).toBe(false);
    } finally {
      supervisor.stop();
    }
  });
});
