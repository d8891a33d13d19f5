import { trace, type Tracer } from '@opentelemetry/api';
import type { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/** What the helpers need from the provider that initTracing() registered. */
export interface ActiveTracing {
  readonly tracer: Tracer;
  readonly contextManager: AsyncLocalStorageContextManager;
  /**
   * Whether a started span can reach anything: a span processor (exporter, test collector) or a
   * sampler configured through OTEL_TRACES_SAMPLER. When false, request spans are only ids.
   */
  readonly recording: boolean;
}

const SCOPE = '@forecastin/observability';
let active: ActiveTracing | undefined;

export function setActiveTracing(next: ActiveTracing | undefined): void {
  active = next;
}

/** True when a provider is registered but nothing collects its spans (see ActiveTracing.recording). */
export function spansAreIdsOnly(): boolean {
  return active !== undefined && !active.recording;
}

export function activeContextManager(): AsyncLocalStorageContextManager | undefined {
  return active?.contextManager;
}

/**
 * The tracer of the current provider. Looked up per call rather than cached, because the API's
 * proxy tracer keeps its first delegate forever: after a shutdown and re-init (tests) a cached
 * one would keep feeding a dead provider. Before initTracing() this is the no-op tracer.
 */
export function currentTracer(): Tracer {
  return active?.tracer ?? trace.getTracer(SCOPE);
}
