import { Gauge } from 'prom-client';
import type { ServiceMetrics } from '@forecastin/observability';
import type { DependencyStatus } from './dependencies/dependency-supervisor';
import type { LifecycleState, ServiceState } from './state/service-state';

const STATES: readonly LifecycleState[] = ['starting', 'running', 'stopping', 'stopped', 'failed'];

/** Exposes lifecycle state and dependency health on /metrics, so alerts don't need to scrape /health. */
export function registerLifecycleMetrics(metrics: ServiceMetrics, state: ServiceState) {
  const stateGauge = new Gauge({
    name: 'forecastin_lifecycle_state',
    help: '1 for the current lifecycle state of the service',
    labelNames: ['state'],
    registers: [metrics.registry],
  });
  const dependencyUp = new Gauge({
    name: 'forecastin_dependency_up',
    help: '1 when the dependency passed its last health probe',
    labelNames: ['dependency'],
    registers: [metrics.registry],
  });
  const setState = (current: LifecycleState): void => {
    for (const candidate of STATES) stateGauge.set({ state: candidate }, candidate === current ? 1 : 0);
  };
  setState(state.current);
  state.onChange((_from, to) => setState(to));
  return {
    dependencyChanged: (name: string, status: DependencyStatus): void => dependencyUp.set({ dependency: name }, status.status === 'up' ? 1 : 0),
  };
}
