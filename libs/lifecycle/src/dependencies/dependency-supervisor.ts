import type { Logger } from '@forecastin/observability';
import type { Dependency } from '../dependency';
import { backoffDelay, sleep, withTimeout } from './backoff';

export interface DependencyStatus {
  status: 'up' | 'down';
  latency_ms?: number;
  error?: string;
  /** When the dependency entered this status (RFC 3339). */
  since: string;
}

/** A status as readiness reports it: plus the dependency's own details, and `required: false` for optional ones. */
export type DependencyReport = DependencyStatus & { required?: false } & Record<string, unknown>;

export interface SupervisorOptions {
  checkIntervalMs: number;
  checkTimeoutMs: number;
  connectTimeoutMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
}

/**
 * Connects the service's dependencies, keeps probing them, and knows at every moment whether each
 * is usable. Connection attempts never give up while the process runs: a dependency that is down
 * makes the service not-ready, never a crash loop, and it comes back on its own.
 */
export class DependencySupervisor {
  private readonly statuses = new Map<string, DependencyStatus>();
  private readonly connected = new Set<Dependency>();
  private readonly stopped = new AbortController();
  private monitor: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    readonly dependencies: readonly Dependency[],
    private readonly logger: Logger,
    private readonly options: SupervisorOptions,
    private readonly onStatusChange: (name: string, status: DependencyStatus) => void = () => undefined,
  ) {
    for (const dependency of dependencies) this.record(dependency.name, { status: 'down', error: 'not connected yet' });
  }

  /** Resolves once every dependency has connected, or when `stop()` is called first. */
  async connectAll(): Promise<void> {
    await Promise.all(this.dependencies.map((dependency) => this.connectWithRetry(dependency)));
  }

  /** Starts the periodic probes that flip readiness when a dependency goes away or comes back. */
  startMonitoring(): void {
    if (this.monitor) return;
    this.monitor = setInterval(() => void this.checkAll(), this.options.checkIntervalMs);
    this.monitor.unref();
  }

  /** Every required dependency passed its last probe (optional ones are only reported). */
  allUp(): boolean {
    for (const dependency of this.dependencies) {
      if (dependency.required !== false && this.statuses.get(dependency.name)?.status !== 'up') return false;
    }
    return true;
  }

  snapshot(): Record<string, DependencyReport> {
    const snapshot: Record<string, DependencyReport> = {};
    for (const dependency of this.dependencies) {
      const status = this.statuses.get(dependency.name);
      if (!status) continue;
      snapshot[dependency.name] = {
        ...dependency.details?.(),
        ...status,
        ...(dependency.required === false ? { required: false as const } : {}),
      };
    }
    return snapshot;
  }

  /** Stops retries and probes, then closes every dependency (each bounded by `timeoutMs`). */
  async closeAll(timeoutMs: number): Promise<void> {
    this.stop();
    await Promise.all(
      this.dependencies.map(async (dependency) => {
        try {
          await withTimeout(dependency.close(), timeoutMs, `closing ${dependency.name}`);
        } catch (error) {
          this.logger.warn({ dependency: dependency.name, err: error }, 'dependency did not close cleanly');
        }
      }),
    );
  }

  stop(): void {
    this.stopped.abort();
    if (this.monitor) clearInterval(this.monitor);
    this.monitor = undefined;
  }

  private async connectWithRetry(dependency: Dependency): Promise<void> {
    for (let attempt = 0; !this.stopped.signal.aborted; attempt++) {
      const started = performance.now();
      try {
        await withTimeout(dependency.connect(), this.options.connectTimeoutMs, `connecting to ${dependency.name}`);
        this.connected.add(dependency);
        this.logger.info({ dependency: dependency.name, attempt: attempt + 1, latency_ms: elapsed(started) }, 'dependency connected');
        // 'up' only on a passed probe: some connects open nothing (an upstream polled over HTTP), and
        // reporting them up before their first check would be a health answer without evidence.
        await this.checkOne(dependency);
        return;
      } catch (error) {
        const delay = backoffDelay(attempt, this.options.retryInitialMs, this.options.retryMaxMs);
        const message = errorMessage(error);
        this.record(dependency.name, { status: 'down', error: `connecting (attempt ${attempt + 1}): ${message}` });
        this.logger.warn(
          { dependency: dependency.name, attempt: attempt + 1, retry_in_ms: delay, error: message },
          'dependency unreachable, retrying',
        );
        await sleep(delay, this.stopped.signal);
      }
    }
  }

  private async checkAll(): Promise<void> {
    if (this.checking) return; // a slow probe must not pile up behind itself
    this.checking = true;
    try {
      await Promise.all([...this.connected].map((dependency) => this.checkOne(dependency)));
    } finally {
      this.checking = false;
    }
  }

  private async checkOne(dependency: Dependency): Promise<void> {
    const started = performance.now();
    try {
      await withTimeout(dependency.check(), this.options.checkTimeoutMs, `${dependency.name} health check`);
      this.record(dependency.name, { status: 'up', latency_ms: elapsed(started) });
    } catch (error) {
      this.record(dependency.name, { status: 'down', error: errorMessage(error) });
    }
  }

  private record(name: string, next: Omit<DependencyStatus, 'since'>): void {
    const previous = this.statuses.get(name);
    const changed = previous?.status !== next.status;
    const status: DependencyStatus = { ...next, since: changed || !previous ? new Date().toISOString() : previous.since };
    this.statuses.set(name, status);
    if (changed && previous) {
      const log = next.status === 'up' ? this.logger.info.bind(this.logger) : this.logger.error.bind(this.logger);
      log({ dependency: name, status: next.status, error: next.error }, `dependency ${next.status === 'up' ? 'recovered' : 'down'}`);
    }
    if (changed) this.onStatusChange(name, status);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return errorMessage(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
