import type { Dependency } from '@forecastin/lifecycle';
import type { BreakerState } from '@forecastin/contracts';

export interface UpstreamReadinessOptions {
  upstream: string;
  /** Base URL of the upstream; its `/health/ready` is polled. */
  target: string;
  timeoutMs: number;
  breakerState: () => BreakerState;
}

/**
 * One upstream as the gateway's readiness reports it (`upstream:<name>`): its own /health/ready
 * and the breaker state. Optional (`required: false`): a service being down makes its routes
 * answer 503, but must not take the whole edge out of the load balancer. The supervisor polls it
 * every DEPENDENCY_CHECK_INTERVAL_MS, so readiness answers from the cached result.
 */
export class UpstreamReadinessDependency implements Dependency {
  readonly name: string;
  readonly required = false;
  private readonly readyUrl: string;

  constructor(private readonly options: UpstreamReadinessOptions) {
    this.name = `upstream:${options.upstream}`;
    this.readyUrl = new URL('/health/ready', options.target).toString();
  }

  async connect(): Promise<void> {
    // Nothing to open: the upstream is polled by check(), and a down one must not hold up start-up.
  }

  async check(): Promise<void> {
    const response = await fetch(this.readyUrl, { signal: AbortSignal.timeout(this.options.timeoutMs) });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`${this.options.upstream} /health/ready answered ${response.status}`);
    const breaker = this.options.breakerState();
    if (breaker !== 'closed') throw new Error(`circuit breaker ${breaker}`);
  }

  details(): Record<string, string> {
    return { breaker: this.options.breakerState() };
  }

  async close(): Promise<void> {
    // Nothing held between probes.
  }
}
