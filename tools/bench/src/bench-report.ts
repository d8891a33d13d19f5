import type { BenchResult, ServerSummary, TargetVerdict } from './bench-result.types';

const round = (value: number, digits: number): string => value.toFixed(digits);
const mb = (value: number | null): string => (value === null ? 'n/a' : round(value, 1));

function serverRow(server: ServerSummary, ratio: string): string {
  const perRound = server.rounds.map((r) => Math.round(r.requestsPerSecond)).join(' / ');
  return `| ${server.label} | ${Math.round(server.requestsPerSecond)} (${perRound}) | ${round(server.p50Ms, 2)} | ${round(server.p99Ms, 2)} | ${ratio} | ${mb(server.rssAfterLoadMb)} |`;
}

function verdictLine(target: TargetVerdict): string {
  const measured = target.measured === null ? 'not measured' : round(target.measured, target.metric === 'throughputRatio' ? 2 : 0);
  return `- ${target.pass ? 'PASS' : 'FAIL'}: ${target.label} (measured ${measured})`;
}

export function renderMarkdown(result: BenchResult): string {
  const { machine, load, startup } = result;
  const pinning =
    machine.pinning.loadGenerator === null
      ? 'none (taskset missing or a single CPU)'
      : `wrk on CPU ${machine.pinning.loadGenerator}, servers on CPU ${machine.pinning.servers}`;
  return [
    `# Benchmark: ${result.scenario}`,
    '',
    result.description,
    '',
    `Started ${result.startedAt}. \`GET ${result.path}\`, wrk -t${load.threads} -c${load.connections} -d${load.durationSeconds}s --latency, ` +
      `${result.subject.rounds.length} alternating rounds after a ${result.warmupSeconds}s warm-up of each; medians over rounds.`,
    '',
    '| server | requests/s median (per round) | p50 ms | p99 ms | ratio subject/baseline | RSS after load MB |',
    '|---|---|---|---|---|---|',
    serverRow(result.baseline, '1'),
    serverRow(result.subject, round(result.throughputRatio, 2)),
    '',
    `Start-up of the subject (${startup.readyMs.length} starts): spawn → first 200 on ready, median ${Math.round(startup.readyMsMedian)} ms ` +
      `(${startup.readyMs.map((ms) => Math.round(ms)).join(', ')}); idle RSS after ready median ${mb(startup.idleRssMbMedian)} MB ` +
      `(${startup.idleRssMb.map((v) => round(v, 1)).join(', ')}).`,
    '',
    '## Targets',
    '',
    ...result.targets.map(verdictLine),
    '',
    '## Machine',
    '',
    `- cores: ${machine.cores} (${machine.cpuModel})`,
    `- node: ${machine.node} on ${machine.platform}`,
    `- load average before: ${machine.loadAverageBefore.map((v) => round(v, 2)).join(' ')}; after: ${machine.loadAverageAfter.map((v) => round(v, 2)).join(' ')}`,
    `- CPU pinning: ${pinning}`,
    '',
    'Absolute numbers on a shared 2-core machine are noise; read the ratio (both sides ran in the same run).',
    '',
  ].join('\n');
}
