import { lifecycleStateSchema } from './lifecycle-state.schema';
import { readinessSchema } from './readiness.schema';

describe('readinessSchema', () => {
  const ready = {
    status: 'ready',
    state: 'running',
    service: 'gateway',
    checked_at: '2026-11-22T10:00:00.000Z',
    dependencies: {
      postgres: { status: 'up', latency_ms: 1.2 },
      'entity-service': { status: 'down', error: 'connect ECONNREFUSED', since: '2026-11-22T09:59:58Z', breaker: 'open' },
    },
  };

  it('accepts a report with up and down dependencies', () => {
    expect(readinessSchema.parse(JSON.parse(JSON.stringify(ready)))).toEqual(ready);
  });

  it('knows the five lifecycle states only', () => {
    for (const state of ['starting', 'running', 'stopping', 'stopped', 'failed']) expect(lifecycleStateSchema.parse(state)).toBe(state);
    expect(lifecycleStateSchema.safeParse('paused').success).toBe(false);
  });

  it.each([
    [['status'], { status: 'ok' }],
    [['state'], { state: 'idle' }],
    [['checked_at'], { checked_at: 'now' }],
    [['dependencies', 'postgres', 'status'], { dependencies: { postgres: { status: 'degraded' } } }],
    [['dependencies', 'redis', 'latency_ms'], { dependencies: { redis: { status: 'up', latency_ms: -1 } } }],
  ])('points at %j when it is wrong', (path, patch) => {
    expect(readinessSchema.safeParse({ ...ready, ...patch }).error?.issues[0]?.path).toEqual(path);
  });
});
