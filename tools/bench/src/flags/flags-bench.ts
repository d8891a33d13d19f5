import os from 'node:os';
import type { FlagEvaluationContext } from '@forecastin/contracts';
import { FlagEvaluator } from '@forecastin/flag-evaluator';
import { startOfflineUnleash, toUnleashContext } from '@forecastin/flag-testing';
import type { Context, Unleash } from 'unleash-client';
import { benchMachine, writeBenchFiles, type BenchMachine } from '../bench-output';
import { median } from '../stats';
import { renderFlagsMarkdown } from './flags-report';
import { BENCH_CONTEXTS, BENCH_FLAG_KEY, BENCH_FLAGS } from './flags-workload';

export interface FlagsBenchOptions {
  readonly rounds: number;
  readonly roundSeconds: number;
  readonly warmupSeconds: number;
  readonly outputDir: string;
}

export type FlagsSide = 'forecastin' | 'unleash' | 'unleashGetVariantOnly' | 'unleashCore';

export interface FlagsBenchResult {
  readonly startedAt: string;
  readonly flagKey: string;
  readonly flags: number;
  readonly contexts: number;
  readonly rounds: number;
  readonly roundSeconds: number;
  readonly warmupSeconds: number;
  /** Evaluations per second of each side, per round (in the order they ran). */
  readonly perRound: Readonly<Record<FlagsSide, readonly number[]>>;
  readonly median: Readonly<Record<FlagsSide, number>>;
  /** forecastin / unleash (isEnabled + getVariant): the target is ≥ 1. */
  readonly ratio: number;
  readonly ratioVsGetVariantOnly: number;
  readonly ratioVsCore: number;
  readonly enabledShare: number;
  readonly machine: BenchMachine;
}

/** One "evaluation" = the enabled state and the variant of the flag for one context. */
type Evaluate = (index: number) => number;

/**
 * unleash-client's evaluation engine behind its public facade (`Unleash#client`, not public API).
 * The facade merges its static context into every call's context (`{...staticContext, ...context}`),
 * which costs microseconds on Node 20; measuring the engine with contexts merged beforehand shows
 * how much of the difference is that merge and how much is evaluation itself.
 */
interface UnleashEngine {
  isEnabled(name: string, context: Context, fallback: () => boolean): boolean;
  getVariant(name: string, context: Context): { name: string; feature_enabled?: boolean };
}

function unleashEngine(unleash: Unleash): UnleashEngine {
  const engine = (unleash as unknown as { client?: UnleashEngine }).client;
  if (!engine || typeof engine.isEnabled !== 'function' || typeof engine.getVariant !== 'function') throw new Error('unleash-client no longer exposes its engine as `client`');
  return engine;
}

function sides(evaluator: FlagEvaluator, unleash: Unleash, unleashContexts: readonly Context[]): Record<FlagsSide, Evaluate> {
  const contexts = BENCH_CONTEXTS;
  const engine = unleashEngine(unleash);
  const staticContext = { appName: 'forecastin-flag-reference', environment: 'default' };
  const mergedContexts = unleashContexts.map((context) => Object.assign({}, staticContext, context));
  const noFallback = (): boolean => false;
  return {
    // Each returns a number derived from the answer, summed by the caller, so no work can be optimised away.
    forecastin: (index) => {
      const result = evaluator.evaluate(BENCH_FLAG_KEY, contexts[index] as FlagEvaluationContext);
      return (result.enabled ? 1 : 0) + (result.variant?.length ?? 0);
    },
    unleash: (index) => {
      const context = unleashContexts[index] as Context;
      const enabled = unleash.isEnabled(BENCH_FLAG_KEY, context);
      return (enabled ? 1 : 0) + unleash.getVariant(BENCH_FLAG_KEY, context).name.length;
    },
    unleashCore: (index) => {
      const context = mergedContexts[index] as Context;
      const enabled = engine.isEnabled(BENCH_FLAG_KEY, context, noFallback);
      return (enabled ? 1 : 0) + engine.getVariant(BENCH_FLAG_KEY, context).name.length;
    },
    unleashGetVariantOnly: (index) => {
      const variant = unleash.getVariant(BENCH_FLAG_KEY, unleashContexts[index] as Context);
      return (variant.feature_enabled ? 1 : 0) + variant.name.length;
    },
  };
}

/** Runs `evaluate` over the contexts, round-robin, for about `seconds`; evaluations per second. */
function measure(evaluate: Evaluate, seconds: number): { perSecond: number; checksum: number } {
  const count = BENCH_CONTEXTS.length;
  const budgetNs = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let evaluations = 0;
  let checksum = 0;
  let elapsed = 0n;
  // Check the clock every batch of 1,000 evaluations, so reading it costs nothing measurable.
  while (elapsed < budgetNs) {
    for (let index = 0; index < count; index += 1) checksum += evaluate(index);
    evaluations += count;
    elapsed = process.hrtime.bigint() - start;
  }
  return { perSecond: evaluations / (Number(elapsed) / 1e9), checksum };
}

/** Both engines must give the same answers on the workload, or the comparison means nothing. */
function assertSameAnswers(evaluator: FlagEvaluator, unleash: Unleash, unleashContexts: readonly Context[]): number {
  let enabled = 0;
  BENCH_CONTEXTS.forEach((context, index) => {
    const ours = evaluator.evaluate(BENCH_FLAG_KEY, context);
    const theirs = unleash.getVariant(BENCH_FLAG_KEY, unleashContexts[index] as Context);
    if (ours.enabled !== theirs.feature_enabled || (ours.variant ?? 'disabled') !== theirs.name) {
      throw new Error(`engines disagree on context ${index}: ours ${JSON.stringify(ours)}, unleash ${JSON.stringify(theirs)}`);
    }
    if (ours.enabled) enabled += 1;
  });
  return enabled / BENCH_CONTEXTS.length;
}

/**
 * In-process evaluations/s of @forecastin/flag-evaluator against unleash-client on the same
 * definitions and contexts, in one process: warm-up of each, then rounds alternating the sides.
 */
export async function runFlagsBench(options: FlagsBenchOptions): Promise<{ result: FlagsBenchResult; markdown: string; files: string[] }> {
  const startedAt = new Date().toISOString();
  const loadAverageBefore = os.loadavg();
  const evaluator = FlagEvaluator.compile(BENCH_FLAGS);
  const unleash = await startOfflineUnleash(BENCH_FLAGS);
  try {
    // Each engine gets contexts in its own shape, converted before timing.
    const unleashContexts = BENCH_CONTEXTS.map(toUnleashContext);
    const enabledShare = assertSameAnswers(evaluator, unleash, unleashContexts);
    const evaluate = sides(evaluator, unleash, unleashContexts);
    const order: FlagsSide[] = ['unleash', 'forecastin', 'unleashGetVariantOnly', 'unleashCore'];
    for (const side of order) measure(evaluate[side], options.warmupSeconds);
    const perRound: Record<FlagsSide, number[]> = { forecastin: [], unleash: [], unleashGetVariantOnly: [], unleashCore: [] };
    for (let round = 0; round < options.rounds; round += 1) {
      for (const side of order) perRound[side].push(measure(evaluate[side], options.roundSeconds).perSecond);
    }
    const medians = {
      forecastin: median(perRound.forecastin),
      unleash: median(perRound.unleash),
      unleashGetVariantOnly: median(perRound.unleashGetVariantOnly),
      unleashCore: median(perRound.unleashCore),
    };
    const result: FlagsBenchResult = {
      startedAt,
      flagKey: BENCH_FLAG_KEY,
      flags: BENCH_FLAGS.length,
      contexts: BENCH_CONTEXTS.length,
      rounds: options.rounds,
      roundSeconds: options.roundSeconds,
      warmupSeconds: options.warmupSeconds,
      perRound,
      median: medians,
      ratio: medians.forecastin / medians.unleash,
      ratioVsGetVariantOnly: medians.forecastin / medians.unleashGetVariantOnly,
      ratioVsCore: medians.forecastin / medians.unleashCore,
      enabledShare,
      machine: benchMachine(loadAverageBefore),
    };
    const markdown = renderFlagsMarkdown(result);
    return { result, markdown, files: writeBenchFiles(options.outputDir, 'flags', startedAt, result, markdown) };
  } finally {
    unleash.destroy();
  }
}
