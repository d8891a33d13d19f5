import { z } from 'zod';
import type { Flag } from './flag.schema';

/**
 * What a flag is evaluated for (API.md "Feature flags"): the input of `@forecastin/flag-evaluator`
 * and `@forecastin/flags-client`. OFREP's `targetingKey` becomes `user_id`. A constraint or a
 * stickiness names one of these fields; any other name reads `properties.<name>`. `roles` is the
 * one multi-valued field: a constraint on it holds when it holds for any one role.
 */
export const flagEvaluationContextSchema = z.object({
  user_id: z.string().max(256).optional(),
  session_id: z.string().max(256).optional(),
  workspace_id: z.string().max(256).optional(),
  roles: z.array(z.string().max(64)).max(16).optional(),
  remote_address: z.string().max(64).optional(),
  /** Date operators compare this; absent means the moment of evaluation. */
  current_time: z.iso.datetime({ offset: true, error: 'current_time must be an RFC 3339 date-time' }).optional(),
  properties: z
    .record(z.string().min(1).max(256), z.union([z.string().max(1024), z.number(), z.boolean()], { error: 'a property must be a string, a number or a boolean' }))
    .optional(),
});

export type FlagEvaluationContext = z.infer<typeof flagEvaluationContextSchema>;

/** The part of a flag that evaluation reads (flag-evaluator, flags-client, the Unleash reference in tests). */
export type EvaluableFlag = Pick<Flag, 'key' | 'enabled' | 'strategies' | 'variants' | 'dependencies'>;
