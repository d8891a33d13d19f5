import { ServiceMetrics } from '@forecastin/observability';
import { CacheMetrics } from './cache-metrics';

const series = (text: string, name: string): string[] => text.split('\n').filter((line) => line.startsWith(name));

describe('CacheMetrics', () => {
  it('shows every counted lookup and fast-path answer on /metrics, once, however often it is collected', async () => {
    const service = new ServiceMetrics('cache-metrics-test');
    const metrics = new CacheMetrics(service);
    metrics.hit('l1', 3);
    metrics.miss('l1');
    metrics.miss('l2', 0);
    metrics.servedBeforeNest();
    let text = (await service.render()).body;
    expect(series(text, 'hierarchy_cache_requests_total{')).toEqual([
      'hierarchy_cache_requests_total{tier="l1",result="hit",service="cache-metrics-test"} 3',
      'hierarchy_cache_requests_total{tier="l1",result="miss",service="cache-metrics-test"} 1',
    ]);
    expect(series(text, 'hierarchy_http_fast_path_total{')).toEqual(['hierarchy_http_fast_path_total{service="cache-metrics-test"} 1']);

    // Collected again with nothing new: the same totals, not doubled.
    text = (await service.render()).body;
    expect(series(text, 'hierarchy_cache_requests_total{tier="l1",result="hit"')).toEqual(['hierarchy_cache_requests_total{tier="l1",result="hit",service="cache-metrics-test"} 3']);
    expect(series(text, 'hierarchy_http_fast_path_total{')).toEqual(['hierarchy_http_fast_path_total{service="cache-metrics-test"} 1']);

    metrics.hit('l1');
    metrics.hit('l3');
    metrics.servedBeforeNest();
    metrics.servedBeforeNest();
    text = (await service.render()).body;
    expect(series(text, 'hierarchy_cache_requests_total{tier="l1",result="hit"')).toEqual(['hierarchy_cache_requests_total{tier="l1",result="hit",service="cache-metrics-test"} 4']);
    expect(series(text, 'hierarchy_cache_requests_total{tier="l3",result="hit"')).toEqual(['hierarchy_cache_requests_total{tier="l3",result="hit",service="cache-metrics-test"} 1']);
    expect(series(text, 'hierarchy_http_fast_path_total{')).toEqual(['hierarchy_http_fast_path_total{service="cache-metrics-test"} 3']);
  });

  it('reports hit rates of L1 and L2 from the same counts, without a collection', () => {
    const metrics = new CacheMetrics(new ServiceMetrics('cache-metrics-test'));
    expect(metrics.hitRates()).toEqual({});
    metrics.hit('l1', 3);
    metrics.miss('l1');
    metrics.miss('l2');
    metrics.hit('l3');
    expect(metrics.hitRates()).toEqual({ l1: 0.75, l2: 0 });
  });
});
