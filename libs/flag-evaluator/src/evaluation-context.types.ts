import type { FlagEvaluationContext } from '@forecastin/contracts';

/**
 * What a flag is evaluated for: contracts' `flagEvaluationContextSchema` (validate untrusted input
 * with it before evaluating). Constraints and stickiness name its fields; any other name reads
 * `properties.<name>`; a constraint on `roles` holds when it holds for any one role.
 */
export type EvaluationContext = FlagEvaluationContext;
