import { z } from 'zod';
import { flagKeySchema } from '../flags/flag-key.schema';

export const MAX_CONTEXT_FIELDS = 100;

const KNOWN_CONTEXT_FIELDS: ReadonlySet<string> = new Set(['targetingKey', 'user_id', 'session_id', 'workspace_id', 'roles', 'remote_address', 'current_time', 'properties']);

/** What a custom context field may hold: constraints compare strings, numbers, dates and versions. */
export const contextScalarSchema = z.union([z.string().max(1024), z.number(), z.boolean()], {
  error: 'must be a string, a number or a boolean',
});

/**
 * OpenFeature evaluation context (OFREP request body `context`). Known fields are typed (API.md
 * "Feature flags": `targetingKey` is the user id); any other top-level field is a custom
 * property, as OpenFeature contexts are flat, and must be a scalar. Wrong types are refused with
 * the field's path (OFREP `INVALID_CONTEXT`), never guessed.
 */
export const ofrepContextSchema = z
  .looseObject({
    targetingKey: z.string({ error: 'targetingKey must be a string' }).min(1).max(256).optional(),
    user_id: z.string({ error: 'user_id must be a string' }).min(1).max(256).optional(),
    session_id: z.string({ error: 'session_id must be a string' }).min(1).max(256).optional(),
    workspace_id: z.string({ error: 'workspace_id must be a string' }).min(1).max(256).optional(),
    roles: z.array(z.string().min(1).max(64), { error: 'roles must be an array of strings' }).max(16).optional(),
    remote_address: z.string({ error: 'remote_address must be a string' }).min(1).max(64).optional(),
    current_time: z.iso.datetime({ offset: true, error: 'current_time must be an RFC 3339 date-time' }).optional(),
    properties: z.record(z.string().min(1).max(256), contextScalarSchema, { error: 'properties must be an object' }).optional(),
  })
  .check((ctx) => {
    const keys = Object.keys(ctx.value);
    if (keys.length > MAX_CONTEXT_FIELDS) {
      ctx.issues.push({ code: 'custom', input: ctx.value, path: [], message: `at most ${MAX_CONTEXT_FIELDS} context fields` });
    }
    for (const key of keys) {
      if (KNOWN_CONTEXT_FIELDS.has(key)) continue;
      if (key.length > 256) ctx.issues.push({ code: 'custom', input: key, path: [key], message: 'context field names have at most 256 characters' });
      else if (!contextScalarSchema.safeParse(ctx.value[key]).success) {
        ctx.issues.push({ code: 'custom', input: ctx.value[key], path: [key], message: `${key} must be a string, a number or a boolean` });
      }
    }
  });

/** Body of both OFREP evaluate endpoints. */
export const ofrepEvaluateBodySchema = z.object({ context: ofrepContextSchema.default({}) });

export const ofrepReasonSchema = z.enum(['STATIC', 'DEFAULT', 'TARGETING_MATCH', 'SPLIT', 'DISABLED', 'UNKNOWN', 'ERROR']);

export const ofrepFlagValueSchema = z.union([z.boolean(), z.string(), z.number(), z.record(z.string(), z.unknown()), z.array(z.unknown())]);

export const ofrepEvaluationSchema = z.object({
  key: flagKeySchema,
  value: ofrepFlagValueSchema,
  reason: ofrepReasonSchema,
  variant: z.string().optional(),
  metadata: z.record(z.string(), z.union([z.boolean(), z.string(), z.number()])).optional(),
});

export const ofrepErrorCodeSchema = z.enum(['PARSE_ERROR', 'TARGETING_KEY_MISSING', 'INVALID_CONTEXT', 'GENERAL', 'FLAG_NOT_FOUND', 'TYPE_MISMATCH']);

/** An evaluation that failed, e.g. `{key, errorCode: "FLAG_NOT_FOUND"}` with 404. */
export const ofrepEvaluationFailureSchema = z.object({ key: flagKeySchema, errorCode: ofrepErrorCodeSchema, errorDetails: z.string().optional() });

/** A bulk request that failed as a whole (400): `{errorCode, errorDetails}` without a key. */
export const ofrepBulkFailureSchema = z.object({ errorCode: ofrepErrorCodeSchema, errorDetails: z.string().optional() });

/** POST /ofrep/v1/evaluate/flags: every flag, each evaluated or failed. */
export const ofrepBulkEvaluationSchema = z.object({ flags: z.array(z.union([ofrepEvaluationSchema, ofrepEvaluationFailureSchema])) });

export type OfrepContext = z.infer<typeof ofrepContextSchema>;
export type OfrepReason = z.infer<typeof ofrepReasonSchema>;
export type OfrepErrorCode = z.infer<typeof ofrepErrorCodeSchema>;
export type OfrepFlagValue = z.infer<typeof ofrepFlagValueSchema>;
export type OfrepEvaluation = z.infer<typeof ofrepEvaluationSchema>;
export type OfrepEvaluationFailure = z.infer<typeof ofrepEvaluationFailureSchema>;
export type OfrepBulkFailure = z.infer<typeof ofrepBulkFailureSchema>;
export type OfrepBulkEvaluation = z.infer<typeof ofrepBulkEvaluationSchema>;
