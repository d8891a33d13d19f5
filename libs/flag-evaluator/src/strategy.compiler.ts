import type { FlagStrategy } from '@forecastin/contracts';
import { groupPrefix, rolloutBucket, type RandomSource } from './bucketing';
import { compileConstraints, type ContextPredicate } from './constraint.compiler';
import type { EvaluationContext } from './evaluation-context.types';
import { compileRolloutStickiness } from './stickiness.resolver';
import { compileVariantSelector, type VariantSelector } from './variant.selector';

/** How a strategy answered one context. OUTSIDE_ROLLOUT: everything held but the rollout bucket. */
export const NO_MATCH = 0;
export const OUTSIDE_ROLLOUT = 1;
export const MATCH = 2;
export type StrategyOutcome = typeof NO_MATCH | typeof OUTSIDE_ROLLOUT | typeof MATCH;

export interface CompiledStrategy {
  test(context: EvaluationContext, random: RandomSource): StrategyOutcome;
  /** The reason of a match before variants are considered (README "Reasons"). */
  readonly matchReason: 'STATIC' | 'TARGETING_MATCH' | 'SPLIT';
  /** Strategy-level variants; when they pick one it wins over the flag's variants. */
  readonly variants: VariantSelector | undefined;
}

type StrategyTest = (context: EvaluationContext, random: RandomSource) => StrategyOutcome;

function rolloutTest(strategy: Extract<FlagStrategy, { name: 'flexible_rollout' }>, groupId: string): StrategyTest {
  const { rollout } = strategy.parameters;
  const prefix = groupPrefix(groupId);
  const stickinessOf = compileRolloutStickiness(strategy.parameters.stickiness || 'default');
  return (context, random) => {
    const stickiness = stickinessOf(context, random);
    if (stickiness === undefined) return NO_MATCH;
    if (rollout <= 0) return NO_MATCH;
    return rolloutBucket(prefix, stickiness) <= rollout ? MATCH : OUTSIDE_ROLLOUT;
  };
}

function userIdsTest(strategy: Extract<FlagStrategy, { name: 'user_ids' }>): StrategyTest {
  const userIds = new Set(strategy.parameters.user_ids);
  return (context) => (context.user_id !== undefined && userIds.has(context.user_id) ? MATCH : NO_MATCH);
}

function parametersTest(strategy: FlagStrategy, groupId: string): StrategyTest {
  switch (strategy.name) {
    case 'default':
      return () => MATCH;
    case 'flexible_rollout':
      return rolloutTest(strategy, groupId);
    case 'user_ids':
      return userIdsTest(strategy);
  }
}

function matchReasonOf(strategy: FlagStrategy): CompiledStrategy['matchReason'] {
  if (strategy.name === 'flexible_rollout') {
    const { rollout, stickiness } = strategy.parameters;
    if (rollout > 0 && rollout < 100) return 'SPLIT';
    // At 100 % a default/random stickiness includes everyone; a named field still excludes those without it.
    if (strategy.constraints.length === 0 && (stickiness === 'default' || stickiness === 'random')) return 'STATIC';
    return 'TARGETING_MATCH';
  }
  if (strategy.name === 'user_ids' || strategy.constraints.length > 0) return 'TARGETING_MATCH';
  return 'STATIC';
}

/**
 * A strategy compiled once into closures: constraints AND'ed, then the strategy's own test
 * (unleash-client checks constraints first, then `isEnabled`). `group_id` defaults to the flag key,
 * for the rollout and for strategy variants alike.
 */
export function compileStrategy(strategy: FlagStrategy, flagKey: string): CompiledStrategy {
  const groupId = (strategy.name === 'flexible_rollout' ? strategy.parameters.group_id : undefined) || flagKey;
  const constraints: ContextPredicate = compileConstraints(strategy.constraints);
  const parameters = parametersTest(strategy, groupId);
  const firstVariant = strategy.variants?.[0];
  const rolloutStickiness = strategy.name === 'flexible_rollout' ? strategy.parameters.stickiness : undefined;
  const variantStickiness = firstVariant?.stickiness || rolloutStickiness || 'default';
  return {
    test: (context, random) => (constraints(context) ? parameters(context, random) : NO_MATCH),
    matchReason: matchReasonOf(strategy),
    variants: strategy.variants && strategy.variants.length > 0 ? compileVariantSelector(strategy.variants, groupId, variantStickiness) : undefined,
  };
}
