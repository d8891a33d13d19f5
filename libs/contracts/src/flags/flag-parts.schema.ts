import { z } from 'zod';
import { flagKeySchema } from './flag-key.schema';

export const CONSTRAINT_OPERATORS = [
  'IN', 'NOT_IN', 'STR_CONTAINS', 'STR_STARTS_WITH', 'STR_ENDS_WITH',
  'NUM_EQ', 'NUM_GT', 'NUM_GTE', 'NUM_LT', 'NUM_LTE',
  'DATE_AFTER', 'DATE_BEFORE', 'SEMVER_EQ', 'SEMVER_GT', 'SEMVER_LT',
] as const;

/** Unleash constraint: list operators take `values`, the others a single `value`. */
export const flagConstraintSchema = z.object({
  context_name: z.string().min(1).max(256),
  operator: z.enum(CONSTRAINT_OPERATORS),
  values: z.array(z.string().max(1024)).max(1000).optional(),
  value: z.string().max(1024).optional(),
  inverted: z.boolean().default(false),
  case_insensitive: z.boolean().default(false),
});

export const variantPayloadSchema = z.object({ type: z.enum(['string', 'json', 'number']), value: z.string().max(65_536) });

export const flagVariantSchema = z.object({
  name: z.string().min(1).max(256),
  weight: z.number().int().min(0).max(1000),
  stickiness: z.string().min(1).max(256).default('default'),
  payload: variantPayloadSchema.optional(),
});

const stickinessSchema = z.string().min(1).max(256);

export const flexibleRolloutParametersSchema = z.object({
  rollout: z.number().int().min(0).max(100),
  stickiness: stickinessSchema,
  group_id: z.string().min(1).max(256).optional(),
});

export const userIdsParametersSchema = z.object({ user_ids: z.array(z.string().min(1).max(256)).max(10_000) });

const strategyCommon = { constraints: z.array(flagConstraintSchema).max(64).default([]), variants: z.array(flagVariantSchema).max(64).optional() };

/** Strategies are OR'ed; a strategy's constraints are AND'ed (Unleash semantics). */
export const flagStrategySchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('default'), parameters: z.object({}).default({}), ...strategyCommon }),
  z.object({ name: z.literal('flexible_rollout'), parameters: flexibleRolloutParametersSchema, ...strategyCommon }),
  z.object({ name: z.literal('user_ids'), parameters: userIdsParametersSchema, ...strategyCommon }),
]);

/** This flag is on only when `flag_key` is `enabled` (and, when given, shows one of `variants`). */
export const flagDependencySchema = z.object({
  flag_key: flagKeySchema,
  enabled: z.boolean().default(true),
  variants: z.array(z.string().min(1).max(256)).max(64).optional(),
});

export type FlagConstraint = z.infer<typeof flagConstraintSchema>;
export type FlagVariant = z.infer<typeof flagVariantSchema>;
export type FlagStrategy = z.infer<typeof flagStrategySchema>;
export type FlagDependency = z.infer<typeof flagDependencySchema>;
