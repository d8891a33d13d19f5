import type { FlagStrategy } from './flag-parts.schema';

/**
 * The read-only `rollout_percentage` of API.md: the rollout of the flag's single percentage
 * strategy, 100 when it has only `default` strategies (or none: on for everyone when enabled),
 * null when mixed (user lists, or several strategies that do not reduce to one percentage).
 */
export function rolloutPercentageOf(strategies: readonly FlagStrategy[]): number | null {
  if (strategies.every((strategy) => strategy.name === 'default')) return 100;
  if (strategies.length === 1 && strategies[0]?.name === 'flexible_rollout') return strategies[0].parameters.rollout;
  return null;
}
