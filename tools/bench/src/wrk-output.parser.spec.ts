import { parseWrkOutput } from './wrk-output.parser';

const sample = `Running 8s test @ http://127.0.0.1:41234/health/live
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.02ms  310.12us   9.87ms   91.02%
    Req/Sec    49.51k     2.01k   52.33k    80.00%
  Latency Distribution
     50%  980.00us
     75%    1.10ms
     90%    1.30ms
     99%    2.50ms
  394012 requests in 8.00s, 61.99MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:  49251.37
Transfer/sec:      7.75MB
`;

describe('parseWrkOutput', () => {
  it('reads throughput, latency percentiles in ms, totals and errors', () => {
    const result = parseWrkOutput(sample);
    expect(result.requestsPerSecond).toBeCloseTo(49251.37, 2);
    expect(result.latencyMs.p50).toBeCloseTo(0.98, 6);
    expect(result.latencyMs.p75).toBeCloseTo(1.1, 6);
    expect(result.latencyMs.p99).toBeCloseTo(2.5, 6);
    expect(result.requests).toBe(394012);
    expect(result.errors).toBe(7);
  });

  it('converts second-scale latencies', () => {
    const slow = sample.replace('99%    2.50ms', '99%    1.20s');
    expect(parseWrkOutput(slow).latencyMs.p99).toBeCloseTo(1200, 6);
  });

  it('rejects output without a latency distribution instead of reporting zeros', () => {
    const withoutLatency = sample.replace(/ {2}Latency Distribution[\s\S]*?99%\s+2\.50ms\n/, '');
    expect(() => parseWrkOutput(withoutLatency)).toThrow(/50% latency/);
  });

  it('rejects a failed run', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:9 Connection refused\n')).toThrow(/Requests\/sec/);
  });
});
