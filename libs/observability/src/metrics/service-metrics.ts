import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

type HttpLabel = 'method' | 'route' | 'status_code';

// 0.5 ms (a cached GET on loopback) .. 10 s (a forecast over a large subtree).
const HTTP_DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// Clients control the method string; anything unusual is folded into one series.
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * One Prometheus registry per service instance (never prom-client's global one, so tests and
 * several apps in one process do not collide), with process metrics and a `service` label.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<HttpLabel>;
  readonly httpRequestDuration: Histogram<HttpLabel>;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests handled, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      registers: [this.registry],
    });
    this.httpRequestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_DURATION_BUCKETS,
      registers: [this.registry],
    });
  }

  /** `route` must be the route pattern (`/api/v1/entities/:id`), never the raw URL: one series per value. */
  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    const labels = { method: KNOWN_METHODS.has(method) ? method : 'OTHER', route, status_code: statusCode };
    this.httpRequests.inc(labels);
    this.httpRequestDuration.observe(labels, seconds);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
