import { z } from 'zod';
import { flagKeySchema } from '../flags/flag-key.schema';

/** OpenFeature evaluation context: `targetingKey` is the user id; other fields are free-form. */
export const ofrepContextSchema = z.looseObject({ targetingKey: z.string().max(256).optional() });

/** Body of both OFREP evaluate endpoints. */
export const ofrepEvaluateBodySchema = z.object({ context: ofrepContextSchema.default({}) });

export const ofrepReasonSchema = z.enum(['STATIC', 'DEFAULT', 'TARGETING_MATCH', 'SPLIT', 'DISABLED', 'UNKNOWN', 'ERROR']);

export const ofrepEvaluationSchema = z.object({
  key: flagKeySchema,
  value: z.union([z.boolean(), z.string(), z.number(), z.record(z.string(), z.unknown())]),
  reason: ofrepReasonSchema,
  variant: z.string().optional(),
  metadata: z.record(z.string(), z.union([z.boolean(), z.string(), z.number()])).optional(),
});

export const ofrepErrorCodeSchema = z.enum(['PARSE_ERROR', 'TARGETING_KEY_MISSING', 'INVALID_CONTEXT', 'GENERAL', 'FLAG_NOT_FOUND', 'TYPE_MISMATCH']);

/** An evaluation that failed, e.g. `{key, errorCode: "FLAG_NOT_FOUND"}` with 404. */
export const ofrepEvaluationFailureSchema = z.object({ key: flagKeySchema, errorCode: ofrepErrorCodeSchema, errorDetails: z.string().optional() });

/** POST /ofrep/v1/evaluate/flags: every flag, each evaluated or failed. */
export const ofrepBulkEvaluationSchema = z.object({ flags: z.array(z.union([ofrepEvaluationSchema, ofrepEvaluationFailureSchema])) });

export type OfrepEvaluation = z.infer<typeof ofrepEvaluationSchema>;
export type OfrepEvaluationFailure = z.infer<typeof ofrepEvaluationFailureSchema>;
