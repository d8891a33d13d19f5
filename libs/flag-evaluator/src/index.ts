// Public API of @forecastin/flag-evaluator: pure, synchronous flag evaluation (no I/O).
export type { EvaluationContext } from './evaluation-context.types';
export type {
  EvaluationErrorCode,
  EvaluationReason,
  FlagDefinitionInput,
  FlagEvaluation,
  JsonValue,
  VariantPayload,
} from './flag-evaluation.types';
export { FlagEvaluator, evaluateFlag, type FlagEvaluatorOptions } from './flag.evaluator';
export { MAX_DEPENDENCY_DEPTH } from './dependency.graph';
export { ROLLOUT_SEED, VARIANT_SEED, rolloutBucket, variantTarget, type RandomSource } from './bucketing';
