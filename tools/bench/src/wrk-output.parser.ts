/** What one wrk run measured, parsed from `wrk --latency` text output. */
export interface WrkResult {
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p75: number; readonly p90: number; readonly p99: number };
  readonly requests: number;
  /** Socket errors (connect + read + write + timeout) plus non-2xx/3xx responses. */
  readonly errors: number;
}

const UNIT_TO_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function durationMs(value: string, unit: string, line: string): number {
  const factor = UNIT_TO_MS[unit];
  if (factor === undefined) throw new Error(`wrk: unknown latency unit "${unit}" in "${line}"`);
  return Number(value) * factor;
}

function percentile(output: string, label: '50%' | '75%' | '90%' | '99%'): number {
  const match = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s|m|h)\\s*$`, 'm').exec(output);
  if (!match?.[1] || !match[2]) throw new Error(`wrk: no ${label} latency in output (was --latency passed?)`);
  return durationMs(match[1], match[2], match[0]);
}

/** Parses wrk 4.x output. Throws on anything it cannot read, so a broken run is never reported as 0. */
export function parseWrkOutput(output: string): WrkResult {
  const rps = /^Requests\/sec:\s+([\d.]+)\s*$/m.exec(output);
  if (!rps?.[1]) throw new Error(`wrk: no "Requests/sec" line in output:\n${output}`);
  const total = /^\s*(\d+) requests in /m.exec(output);
  if (!total?.[1]) throw new Error(`wrk: no "N requests in" line in output:\n${output}`);

  let errors = 0;
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  if (socket) errors += socket.slice(1).reduce((sum, n) => sum + Number(n), 0);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  if (non2xx?.[1]) errors += Number(non2xx[1]);

  return {
    requestsPerSecond: Number(rps[1]),
    latencyMs: { p50: percentile(output, '50%'), p75: percentile(output, '75%'), p90: percentile(output, '90%'), p99: percentile(output, '99%') },
    requests: Number(total[1]),
    errors,
  };
}
