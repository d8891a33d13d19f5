import { FlagEvaluator } from '@forecastin/flag-evaluator';
import { BENCH_CONTEXTS, BENCH_FLAG_KEY, BENCH_FLAGS } from './flags-workload';

// The benchmark is only meaningful if its flag takes every path: each constraint refusing some
// contexts, the rollout splitting the rest, and every variant being picked.
describe('flags bench workload', () => {
  const evaluator = FlagEvaluator.compile(BENCH_FLAGS);
  const results = BENCH_CONTEXTS.map((context) => evaluator.evaluate(BENCH_FLAG_KEY, context));

  it('enables some contexts and not others, for both reasons (constraints, rollout)', () => {
    const reasons = new Set(results.map((result) => `${result.enabled}:${result.reason}`));
    expect(reasons).toEqual(new Set(['true:SPLIT', 'false:SPLIT', 'false:DEFAULT']));
  });

  it('picks every variant, each with its payload', () => {
    const picked = new Set(results.filter((result) => result.enabled).map((result) => `${result.variant}:${result.payload?.type}`));
    expect(picked).toEqual(new Set(['control:string', 'one-page:json', 'wizard:number']));
  });
});
