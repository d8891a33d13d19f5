import type { FlagsBenchResult, FlagsSide } from './flags-bench';

const LABELS: Readonly<Record<FlagsSide, string>> = {
  unleash: 'unleash-client 6.12: isEnabled + getVariant (baseline)',
  forecastin: '@forecastin/flag-evaluator: evaluate (enabled + variant)',
  unleashGetVariantOnly: 'unleash-client 6.12: getVariant alone (its cheapest way to both answers)',
  unleashCore: 'unleash-client 6.12 engine without its facade: isEnabled + getVariant, contexts pre-merged',
};

const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');

function row(result: FlagsBenchResult, side: FlagsSide): string {
  const perRound = result.perRound[side].map(thousands).join(' / ');
  const ratio = result.median[side] / result.median.unleash;
  return `| ${LABELS[side]} | ${thousands(result.median[side])} (${perRound}) | ${(1e9 / result.median[side]).toFixed(0)} | ${ratio.toFixed(2)} |`;
}

export function renderFlagsMarkdown(result: FlagsBenchResult): string {
  const pass = result.ratio >= 1;
  return [
    '# Benchmark: flags (in-process evaluation)',
    '',
    `Started ${result.startedAt}. Flag \`${result.flagKey}\`: a 60 % flexible rollout behind three constraints (IN, NUM_GTE, SEMVER_GT) with three weighted variants carrying payloads, in a set of ${result.flags} flags; ` +
      `${result.contexts} contexts round-robin (${(result.enabledShare * 100).toFixed(1)} % of them enabled; both engines checked to agree on every one first). ` +
      `${result.warmupSeconds} s warm-up of each side, then ${result.rounds} rounds of ${result.roundSeconds} s per side, alternating; medians over rounds.`,
    '',
    '| engine | evaluations/s median (per round) | ns/evaluation | ratio to baseline |',
    '|---|---|---|---|',
    row(result, 'unleash'),
    row(result, 'forecastin'),
    row(result, 'unleashGetVariantOnly'),
    row(result, 'unleashCore'),
    '',
    '## Target',
    '',
    `- ${pass ? 'PASS' : 'FAIL'}: flag-evaluator ≥ 1× unleash-client's isEnabled + getVariant (measured ${result.ratio.toFixed(2)}×; ${result.ratioVsGetVariantOnly.toFixed(2)}× its getVariant alone; ${result.ratioVsCore.toFixed(2)}× its engine without the facade)`,
    '',
    '## Machine',
    '',
    `- cores: ${result.machine.cores} (${result.machine.cpuModel}); node ${result.machine.node}`,
    `- load average before: ${result.machine.loadAverageBefore.map((value) => value.toFixed(2)).join(' ')}; after: ${result.machine.loadAverageAfter.map((value) => value.toFixed(2)).join(' ')}`,
    '',
    'One process, one thread: both engines ran on the same CPU minutes apart, so read the ratio, not the absolute numbers.',
    '',
  ].join('\n');
}
