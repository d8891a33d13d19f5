import { ofrepErrorCodeSchema, type Flag, type OfrepEvaluation, type OfrepEvaluationFailure } from '@forecastin/contracts';
import type { FlagEvaluation } from '@forecastin/flag-evaluator';

export type OfrepResult = { ok: true; body: OfrepEvaluation } | { ok: false; status: 400 | 404; body: OfrepEvaluationFailure };

/**
 * Engine answer → OFREP body. FLAG_NOT_FOUND is 404; any other engine error (a stored payload that
 * no longer decodes) is the OFREP evaluation failure 400 PARSE_ERROR, never a 500.
 */
export function toOfrepResult(evaluation: FlagEvaluation, flag: Flag | undefined): OfrepResult {
  if (evaluation.errorCode === 'FLAG_NOT_FOUND' || !flag) {
    return { ok: false, status: 404, body: { key: evaluation.key, errorCode: 'FLAG_NOT_FOUND', errorDetails: `no flag ${JSON.stringify(evaluation.key)}` } };
  }
  if (evaluation.reason === 'ERROR') {
    return { ok: false, status: 400, body: { key: evaluation.key, errorCode: ofrepErrorCodeSchema.safeParse(evaluation.errorCode).data ?? 'GENERAL', errorDetails: `flag ${JSON.stringify(evaluation.key)} could not be evaluated` } };
  }
  const body: OfrepEvaluation = {
    key: evaluation.key,
    value: evaluation.value as OfrepEvaluation['value'],
    reason: evaluation.reason,
    metadata: { flagType: flag.type, version: flag.version },
  };
  if (evaluation.variant !== undefined) body.variant = evaluation.variant;
  return { ok: true, body };
}
