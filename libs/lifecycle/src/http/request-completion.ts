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

/**
 * What every request leaves behind, however it was served (Fastify hooks or serveBeforeFastify):
 * one metrics observation, its server span named after the route and ended, one log line.
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
  const fields = { method, url, route, status_code: status, duration_ms: Math.round(durationMs * 100) / 100 };
  if (isProbe(url)) deps.logger.debug(fields, 'request completed');
  else if (status >= 500) deps.logger.error(fields, 'request failed');
  else deps.logger.info(fields, 'request completed');
}
