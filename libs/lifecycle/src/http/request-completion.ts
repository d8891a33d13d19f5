import { SpanStatusCode, type Logger, type ServiceMetrics, type Span } from '@forecastin/observability';

/** Probe traffic (Kubernetes every few seconds) is logged at debug so it does not drown real requests. */
export const isProbe = (url: string): boolean => url.startsWith('/health/') || url === '/metrics';

export interface CompletedRequest {
  method: string;
  url: string;
  /** Route pattern, never the raw URL (one metrics series per value). */
  route: string;
  status: number;
  durationMs: number;
  span: Span | undefined;
}

/** The level a completed request is logged at: probes at debug, failures at error, the rest at info. */
export function completionLevel(url: string, status: number): 'debug' | 'error' | 'info' {
  if (isProbe(url)) return 'debug';
  return status >= 500 ? 'error' : 'info';
}

/**
 * What every request leaves behind, however it was served (Fastify hooks or serveBeforeFastify):
 * one metrics observation, its server span named after the route and ended, one log line (its
 * fields built only when its level is enabled).
 */
export function completeRequest(deps: { logger: Logger; metrics: ServiceMetrics }, done: CompletedRequest): void {
  const { method, url, route, status, durationMs, span } = done;
  deps.metrics.observeHttp(method, route, status, durationMs / 1000);
  if (span) {
    span.setAttribute('http.response.status_code', status);
    span.setAttribute('http.route', route);
    span.updateName(`${method} ${route}`);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }
  const level = completionLevel(url, status);
  if (!deps.logger.isLevelEnabled(level)) return;
  const fields = { method, url, route, status_code: status, duration_ms: Math.round(durationMs * 100) / 100 };
  deps.logger[level](fields, level === 'error' ? 'request failed' : 'request completed');
}
