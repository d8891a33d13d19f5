import type { EvaluableFlag } from '@forecastin/contracts';

/** OpenFeature resolution reasons the engine produces (README "Reasons" says which outcome gets which). */
export type EvaluationReason = 'STATIC' | 'TARGETING_MATCH' | 'SPLIT' | 'DISABLED' | 'DEFAULT' | 'ERROR';

/**
 * OpenFeature error codes of an evaluation (with reason ERROR). The engine produces FLAG_NOT_FOUND
 * and PARSE_ERROR; PROVIDER_NOT_READY comes from flags-client before its first snapshot.
 */
export type EvaluationErrorCode = 'FLAG_NOT_FOUND' | 'PARSE_ERROR' | 'PROVIDER_NOT_READY';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface VariantPayload {
  readonly type: string;
  readonly value: string;
}

/**
 * One flag's answer for one context. `enabled` is Unleash's `isEnabled`; `variant` is the name of
 * the variant Unleash's `getVariant` picks (absent when it would answer its `disabled` variant).
 * `value` is what an OpenFeature caller receives: the decoded payload of the variant, else the
 * variant's name, else `enabled`. Results may be shared between calls: treat them as read-only.
 */
export interface FlagEvaluation {
  readonly key: string;
  readonly enabled: boolean;
  readonly value: JsonValue;
  readonly variant?: string;
  readonly payload?: VariantPayload;
  readonly reason: EvaluationReason;
  readonly errorCode?: EvaluationErrorCode;
}

/** The part of a flag (contracts' `Flag`) that evaluation reads. */
export type FlagDefinitionInput = EvaluableFlag;
