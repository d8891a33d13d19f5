// Terse builders for flag definitions in tests: the defaults the contracts' schemas would fill in.
import type { EvaluableFlag, FlagConstraint, FlagDependency, FlagStrategy, FlagVariant } from '@forecastin/contracts';

export function flag(key: string, parts: Partial<Omit<EvaluableFlag, 'key'>> = {}): EvaluableFlag {
  return { key, enabled: true, strategies: [], variants: [], dependencies: [], ...parts };
}

export function constraint(context_name: string, operator: FlagConstraint['operator'], operand: string | string[], options: Partial<Pick<FlagConstraint, 'inverted' | 'case_insensitive'>> = {}): FlagConstraint {
  const values = Array.isArray(operand) ? { values: operand } : { value: operand };
  return { context_name, operator, ...values, inverted: options.inverted ?? false, case_insensitive: options.case_insensitive ?? false };
}

export function defaultStrategy(constraints: FlagConstraint[] = [], variants?: FlagVariant[]): FlagStrategy {
  return { name: 'default', parameters: {}, constraints, ...(variants ? { variants } : {}) };
}

export function rollout(
  percentage: number,
  options: { stickiness?: string; group_id?: string; constraints?: FlagConstraint[]; variants?: FlagVariant[] } = {},
): FlagStrategy {
  return {
    name: 'flexible_rollout',
    parameters: { rollout: percentage, stickiness: options.stickiness ?? 'default', ...(options.group_id ? { group_id: options.group_id } : {}) },
    constraints: options.constraints ?? [],
    ...(options.variants ? { variants: options.variants } : {}),
  };
}

export function userIds(ids: string[], constraints: FlagConstraint[] = []): FlagStrategy {
  return { name: 'user_ids', parameters: { user_ids: ids }, constraints };
}

export function variant(name: string, weight: number, options: Partial<Pick<FlagVariant, 'stickiness' | 'payload'>> = {}): FlagVariant {
  return { name, weight, stickiness: options.stickiness ?? 'default', ...(options.payload ? { payload: options.payload } : {}) };
}

export function dependsOn(flag_key: string, options: { enabled?: boolean; variants?: string[] } = {}): FlagDependency {
  return { flag_key, enabled: options.enabled ?? true, ...(options.variants ? { variants: options.variants } : {}) };
}
