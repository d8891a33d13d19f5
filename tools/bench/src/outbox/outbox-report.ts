import type { OutboxBenchResult } from './outbox-bench';

const rate = (value: number): string => `${Math.round(value).toLocaleString('en-US')}`;

export function renderOutboxMarkdown(result: OutboxBenchResult): string {
  const { machine } = result;
  return [
    `# outbox relay throughput — ${result.startedAt}`,
    '',
    `${result.events.toLocaleString('en-US')} events per round and side, ${result.rounds} rounds (sides alternating), ${result.maxInFlight} publishes in flight on both sides.`,
    '',
    '| side | events/s (median) | per round | ratio to publishEvent |',
    '|---|---|---|---|',
    `| publishEvent straight to JetStream (baseline) | ${rate(result.median.publishEvent)} | ${result.perRound.publishEvent.map(rate).join(', ')} | 1 |`,
    `| OutboxRelay, committed backlog, every event its own aggregate | ${rate(result.median.relayManyAggregates)} | ${result.perRound.relayManyAggregates.map(rate).join(', ')} | ${result.ratio.toFixed(2)} |`,
    `| OutboxRelay, ${result.fewAggregates} aggregates (waves of ≤ ${result.fewAggregates}) | ${rate(result.median.relayFewAggregates)} | ${result.perRound.relayFewAggregates.map(rate).join(', ')} | ${result.ratioFewAggregates.toFixed(2)} |`,
    '',
    'The relay side is timed from `start()` to the last JetStream ack of the backlog (rows are deleted',
    'wave by wave on the way); the baseline does no database work at all, so the ratio is the cost of',
    'reading and deleting the rows plus the per-aggregate wave limit.',
    '',
    `Machine: ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}; load average before ${machine.loadAverageBefore.map((v) => v.toFixed(2)).join(' ')}, after ${machine.loadAverageAfter.map((v) => v.toFixed(2)).join(' ')}.`,
    '',
  ].join('\n');
}
