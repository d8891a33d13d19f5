import fc from 'fast-check';
import { flag, rollout, variant } from '@forecastin/flag-testing';
import { seededIds } from '../test/seeded-ids';
import { FlagEvaluator } from './flag.evaluator';

const ID_COUNT = 100_000;
const SEED = 20_261_122;

describe('bucketing', () => {
  const ids = seededIds(ID_COUNT, SEED);

  // Given a stickiness value: without user and session id, default stickiness is random (as in Unleash).
  it('gives the same context the same answer, on every compiled instance', () => {
    const definitions = [flag('checkout', { strategies: [rollout(37)], variants: [variant('a', 1), variant('b', 2)] })];
    const first = FlagEvaluator.compile(definitions);
    const second = FlagEvaluator.compile(structuredClone(definitions));
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (user_id, session_id) => {
        const answer = first.evaluate('checkout', { user_id, session_id });
        expect(first.evaluate('checkout', { user_id, session_id })).toEqual(answer);
        expect(second.evaluate('checkout', { user_id, session_id })).toEqual(answer);
      }),
      { numRuns: 300 },
    );
  });

  it('never turns an included user off when the rollout rises', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.constantFrom('default', 'user_id', 'plan'),
        fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (id, stickiness, group_id, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const context = { user_id: id, properties: { plan: id } };
          const at = (percentage: number) =>
            FlagEvaluator.compile([flag('f', { strategies: [rollout(percentage, { stickiness, ...(group_id ? { group_id } : {}) })] })]).evaluate('f', context).enabled;
          if (at(low)) expect(at(high)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([1, 5, 25, 50, 73, 99])('enables %i %% of 100,000 random user ids, within ±1 point', (percentage) => {
    const evaluator = FlagEvaluator.compile([flag('share', { strategies: [rollout(percentage, { stickiness: 'user_id' })] })]);
    const enabled = ids.filter((user_id) => evaluator.evaluate('share', { user_id }).enabled).length;
    expect(Math.abs((enabled / ID_COUNT) * 100 - percentage)).toBeLessThanOrEqual(1);
  });

  it('enables nobody at 0 % and everybody at 100 %', () => {
    const evaluator = FlagEvaluator.compile([flag('none', { strategies: [rollout(0)] }), flag('all', { strategies: [rollout(100)] })]);
    const sample = ids.slice(0, 10_000);
    expect(sample.filter((user_id) => evaluator.evaluate('none', { user_id }).enabled)).toEqual([]);
    expect(sample.filter((user_id) => !evaluator.evaluate('all', { user_id }).enabled)).toEqual([]);
  });

  it.each([
    [[100, 250, 650]],
    [[1, 1, 1]],
    [[500, 0, 500]],
    [[10, 990]],
  ])('splits 100,000 random user ids over variant weights %j within ±1 point each', (weights) => {
    const names = weights.map((_, index) => `v${index}`);
    const evaluator = FlagEvaluator.compile([flag('split', { variants: weights.map((weight, index) => variant(names[index] as string, weight)) })]);
    const counts = new Map<string, number>();
    for (const user_id of ids) {
      const { variant: picked } = evaluator.evaluate('split', { user_id });
      counts.set(picked ?? 'none', (counts.get(picked ?? 'none') ?? 0) + 1);
    }
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    weights.forEach((weight, index) => {
      const share = ((counts.get(names[index] as string) ?? 0) / ID_COUNT) * 100;
      expect(Math.abs(share - (weight / total) * 100)).toBeLessThanOrEqual(1);
    });
    expect(counts.get('none')).toBeUndefined();
  });

  it('buckets the rollout and the variants independently (different seeds)', () => {
    const evaluator = FlagEvaluator.compile([flag('both', { strategies: [rollout(50, { stickiness: 'user_id' })], variants: [variant('a', 1), variant('b', 1)] })]);
    const included = ids.slice(0, 20_000).map((user_id) => evaluator.evaluate('both', { user_id })).filter((result) => result.enabled);
    const shareOfA = included.filter((result) => result.variant === 'a').length / included.length;
    expect(Math.abs(shareOfA - 0.5)).toBeLessThan(0.02);
  });
});
