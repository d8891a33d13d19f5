import { sampleValue } from '../../test/prometheus-text';
import { ServiceMetrics } from './service-metrics';

describe('ServiceMetrics', () => {
  it('renders the request counter and duration histogram after observeHttp, labelled with the service', async () => {
    const metrics = new ServiceMetrics('entity-service');
    metrics.observeHttp('GET', '/api/v1/entities/:id', 200, 0.003);
    metrics.observeHttp('GET', '/api/v1/entities/:id', 200, 0.2);
    metrics.observeHttp('POST', '/api/v1/entities', 201, 0.02);

    const { contentType, body } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const get = { service: 'entity-service', method: 'GET', route: '/api/v1/entities/:id', status_code: '200' };
    expect(sampleValue(body, 'http_requests_total', get)).toBe(2);
    expect(sampleValue(body, 'http_requests_total', { ...get, method: 'POST', route: '/api/v1/entities', status_code: '201' })).toBe(1);
    expect(sampleValue(body, 'http_request_duration_seconds_bucket', { ...get, le: '0.0005' })).toBe(0);
    expect(sampleValue(body, 'http_request_duration_seconds_bucket', { ...get, le: '0.005' })).toBe(1);
    expect(sampleValue(body, 'http_request_duration_seconds_bucket', { ...get, le: '10' })).toBe(2);
    expect(sampleValue(body, 'http_request_duration_seconds_count', get)).toBe(2);
    expect(sampleValue(body, 'http_request_duration_seconds_sum', get)).toBeCloseTo(0.203);
    // Default process metrics are present and carry the service label (values vary run to run).
    expect(sampleValue(body, 'process_cpu_user_seconds_total', { service: 'entity-service' })).toEqual(expect.any(Number));
    expect(sampleValue(body, 'nodejs_eventloop_lag_seconds', { service: 'entity-service' })).toEqual(expect.any(Number));
  });

  it('folds unknown HTTP methods into OTHER to bound cardinality', async () => {
    const metrics = new ServiceMetrics('s');
    metrics.observeHttp('BREW', '/x', 405, 0.001);
    const { body } = await metrics.render();
    expect(sampleValue(body, 'http_requests_total', { method: 'OTHER', route: '/x', status_code: '405' })).toBe(1);
    expect(body).not.toContain('BREW');
  });

  it('gives every instance its own registry', async () => {
    const a = new ServiceMetrics('a');
    const b = new ServiceMetrics('b');
    expect(a.registry).not.toBe(b.registry);
    a.observeHttp('GET', '/only-a', 200, 0.01);
    const bodyB = (await b.render()).body;
    expect(bodyB).not.toContain('/only-a');
    expect(bodyB).not.toContain('service="a"');
    expect(sampleValue((await a.render()).body, 'http_requests_total', { service: 'a', route: '/only-a' })).toBe(1);
  });
});
