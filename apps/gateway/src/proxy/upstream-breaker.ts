import CircuitBreaker from 'opossum';
import type { BreakerState } from '@forecastin/contracts';
import { UpstreamFailure } from './upstream-failure';

export interface BreakerOptions {
  name: string;
  errorThresholdPercentage: number;
  volumeThreshold: number;
  rollingCountTimeout: number;
  resetTimeout: number;
}

/**
 * One opossum breaker around an upstream's attempts. Only rejected attempts (connection failures
 * and timeouts, see UpstreamFailure) count against it; the upstream's own 4xx/5xx answers are
 * answers. Timeouts are enforced by the proxy per attempt, so opossum's own timer is off.
 */
export function createUpstreamBreaker<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
  options: BreakerOptions,
): CircuitBreaker<A, void> {
  return new CircuitBreaker(action, {
    name: options.name,
    timeout: false,
    errorThresholdPercentage: options.errorThresholdPercentage,
    volumeThreshold: options.volumeThreshold,
    rollingCountTimeout: options.rollingCountTimeout,
    rollingCountBuckets: 10,
    resetTimeout: options.resetTimeout,
    // Only the error rate decides; latency percentiles would mean keeping every request's latency
    // in the window and sorting it each second (and on every failure), plus a snapshot per second.
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
    // A caller's oversized body says nothing about the upstream's health.
    errorFilter: (error: unknown) => error instanceof UpstreamFailure && error.kind === 'body_too_large',
  });
}

export function breakerState(breaker: CircuitBreaker<never[], unknown> | { opened: boolean; halfOpen: boolean }): BreakerState {
  if (breaker.halfOpen) return 'half_open';
  return breaker.opened ? 'open' : 'closed';
}

export function isOpenBreakerError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EOPENBREAKER';
}
