import type { FlagDependency } from '@forecastin/contracts';
import type { RandomSource } from './bucketing';
import type { EvaluationContext } from './evaluation-context.types';
import type { EvaluationReason, FlagDefinitionInput, FlagEvaluation } from './flag-evaluation.types';
import { compileStrategy, MATCH, OUTSIDE_ROLLOUT, type CompiledStrategy } from './strategy.compiler';
import { compileVariantSelector, type CompiledVariant, type VariantSelector } from './variant.selector';

/** Evaluates parent flags for dependencies, each at most once per top-level evaluation. */
export interface ParentEvaluations {
  readonly random: RandomSource;
  parent(key: string, context: EvaluationContext): FlagEvaluation;
}

export interface CompiledFlag {
  readonly key: string;
  /** Whether evaluating it may evaluate other flags (then it needs a fresh ParentEvaluations). */
  readonly hasDependencies: boolean;
  evaluate(context: EvaluationContext, parents: ParentEvaluations): FlagEvaluation;
}

// unleash-client's getVariant answers a variant named "disabled" when it picks none.
const NO_VARIANT_NAME = 'disabled';

type DependencyCheck = (context: EvaluationContext, parents: ParentEvaluations) => boolean;

/** unleash-client's isParentDependencySatisfied for one parent (followed transitively here: see README). */
function compileDependency(dependency: FlagDependency): DependencyCheck {
  const parentKey = dependency.flag_key;
  if (dependency.enabled === false) return (context, parents) => !parents.parent(parentKey, context).enabled;
  const variants = dependency.variants;
  if (variants && variants.length > 0) {
    return (context, parents) => {
      const parent = parents.parent(parentKey, context);
      return parent.enabled && variants.includes(parent.variant ?? NO_VARIANT_NAME);
    };
  }
  return (context, parents) => parents.parent(parentKey, context).enabled;
}

function frozenResult(key: string, enabled: boolean, reason: EvaluationReason): FlagEvaluation {
  return Object.freeze({ key, enabled, value: enabled, reason });
}

// Built field by field: on Node 20 an object literal with a spread after other fields takes a slow path.
function variantResult(key: string, variant: CompiledVariant, reason: EvaluationReason): FlagEvaluation {
  const decoded = variant.value !== undefined;
  const result: { -readonly [K in keyof FlagEvaluation]: FlagEvaluation[K] } = { key, enabled: true, value: decoded ? variant.value : false, variant: variant.name, reason: decoded ? reason : 'ERROR' };
  if (variant.payload) result.payload = variant.payload;
  if (!decoded) result.errorCode = 'PARSE_ERROR';
  return result;
}

/**
 * Compiles one flag into closures, once per definition, so an evaluation is a few property reads,
 * string compares and at most a couple of murmur3 hashes. `unsatisfiable` is set by the evaluator
 * for a flag whose dependencies name a missing flag, form a cycle or chain too deep.
 */
export function compileFlag(flag: FlagDefinitionInput, unsatisfiable: boolean): CompiledFlag {
  const { key, enabled } = flag;
  const disabled = frozenResult(key, false, 'DISABLED');
  const notMatched = frozenResult(key, false, 'DEFAULT');
  const outsideRollout = frozenResult(key, false, 'SPLIT');
  const onFor: Readonly<Record<CompiledStrategy['matchReason'], FlagEvaluation>> = {
    STATIC: frozenResult(key, true, 'STATIC'),
    TARGETING_MATCH: frozenResult(key, true, 'TARGETING_MATCH'),
    SPLIT: frozenResult(key, true, 'SPLIT'),
  };
  const dependencies = flag.dependencies.map(compileDependency);
  const strategies = flag.strategies.map((strategy) => compileStrategy(strategy, key));
  const firstVariant = flag.variants[0];
  const flagVariants: VariantSelector | undefined = firstVariant ? compileVariantSelector(flag.variants, key, firstVariant.stickiness || 'default') : undefined;

  const answer = (context: EvaluationContext, random: RandomSource, matchReason: CompiledStrategy['matchReason'], strategyVariants: VariantSelector | undefined): FlagEvaluation => {
    const fromStrategy = strategyVariants?.select(context, random);
    if (fromStrategy) return variantResult(key, fromStrategy, strategyVariants?.isSplit ? 'SPLIT' : matchReason);
    const fromFlag = flagVariants?.select(context, random);
    if (fromFlag) return variantResult(key, fromFlag, flagVariants?.isSplit ? 'SPLIT' : matchReason);
    return onFor[matchReason];
  };

  return {
    key,
    hasDependencies: dependencies.length > 0 && !unsatisfiable,
    evaluate(context, parents) {
      if (!enabled) return disabled;
      if (unsatisfiable) return notMatched;
      for (const satisfied of dependencies) if (!satisfied(context, parents)) return notMatched;
      const { random } = parents;
      // Unleash: an enabled flag without strategies is on for everyone.
      if (strategies.length === 0) return answer(context, random, 'STATIC', undefined);
      let outside = false;
      for (const strategy of strategies) {
        const outcome = strategy.test(context, random);
        if (outcome === MATCH) return answer(context, random, strategy.matchReason, strategy.variants);
        if (outcome === OUTSIDE_ROLLOUT) outside = true;
      }
      return outside ? outsideRollout : notMatched;
    },
  };
}
