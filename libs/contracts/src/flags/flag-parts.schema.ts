import { z } from 'zod';
import { flagKeySchema } from './flag-key.schema';
import { isDecimalNumber, LIST_OPERATORS, operatorValueProblem } from './constraint-value.rules';

export const CONSTRAINT_OPERATORS = [
  'IN', 'NOT_IN', 'STR_CONTAINS', 'STR_STARTS_WITH', 'STR_ENDS_WITH',
  'NUM_EQ', 'NUM_GT', 'NUM_GTE', 'NUM_LT', 'NUM_LTE',
  'DATE_AFTER', 'DATE_BEFORE', 'SEMVER_EQ', 'SEMVER_GT', 'SEMVER_LT',
] as const;
export type ConstraintOperator = (typeof CONSTRAINT_OPERATORS)[number];

/**
 * A context field a constraint or a stickiness reads: `user_id`, `session_id`, `workspace_id`,
 * `roles`, `remote_address`, `current_time`, `properties.<name>` (or a bare custom name, read from
 * the properties as Unleash does).
 */
export const contextFieldNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,255}$/, { error: 'context field name must be 1-256 characters of A-Z, a-z, 0-9, "_", ".", ":", "-", not starting with a digit' });

/**
 * Unleash constraint: list operators (IN, NOT_IN, STR_*) take `values`, the others one `value`
 * whose type the operator fixes (a number, an RFC 3339 date-time, a semantic version). A
 * constraint that could never be evaluated is refused when written, not discovered at evaluation.
 */
export const flagConstraintSchema = z
  .object({
    context_name: contextFieldNameSchema,
    operator: z.enum(CONSTRAINT_OPERATORS),
    values: z.array(z.string().max(1024)).max(1000).optional(),
    value: z.string().max(1024).optional(),
    inverted: z.boolean().default(false),
    case_insensitive: z.boolean().default(false),
  })
  .check((ctx) => {
    const { operator, values, value } = ctx.value;
    const isList = LIST_OPERATORS.has(operator);
    const misplaced = isList ? (value === undefined ? undefined : 'value') : values === undefined ? undefined : 'values';
    if (misplaced) {
      ctx.issues.push({ code: 'custom', input: ctx.value, path: [misplaced], message: `${operator} takes ${isList ? 'values (a list)' : 'one value'}, not ${misplaced}` });
    }
    if (isList && (values === undefined || values.length === 0)) {
      ctx.issues.push({ code: 'custom', input: values, path: ['values'], message: `${operator} needs at least one value in values` });
    }
    if (!isList) {
      const problem = value === undefined ? `${operator} needs a value` : operatorValueProblem(operator, value);
      if (problem) ctx.issues.push({ code: 'custom', input: value, path: ['value'], message: problem });
    }
  });

export const variantPayloadSchema = z
  .object({ type: z.enum(['string', 'json', 'number']), value: z.string().max(65_536) })
  .check((ctx) => {
    const problem = payloadValueProblem(ctx.value.type, ctx.value.value);
    if (problem) ctx.issues.push({ code: 'custom', input: ctx.value.value, path: ['value'], message: problem });
  });

function payloadValueProblem(type: 'string' | 'json' | 'number', value: string): string | undefined {
  if (type === 'number') return isDecimalNumber(value) ? undefined : 'a number payload must be a decimal number, e.g. "42" or "0.5"';
  if (type !== 'json') return undefined;
  try {
    JSON.parse(value);
    return undefined;
  } catch {
    return 'a json payload must be valid JSON text';
  }
}

export const flagVariantSchema = z.object({
  name: z.string().min(1).max(256),
  weight: z.number({ error: 'weight must be an integer within [0, 1000]' }).int().min(0).max(1000),
  stickiness: contextFieldNameSchema.default('default'),
  payload: variantPayloadSchema.optional(),
});

/** Variant names are unique, and a non-empty list has some weight to split (variants hash modulo the total weight). */
export const flagVariantListSchema = z
  .array(flagVariantSchema)
  .max(64)
  .check((ctx) => {
    pushDuplicates(ctx, ctx.value.map((variant) => variant.name), 'name', 'variant name');
    if (ctx.value.length > 0 && ctx.value.every((variant) => variant.weight === 0)) {
      ctx.issues.push({ code: 'custom', input: ctx.value, path: [], message: 'variants need a total weight above 0' });
    }
  });

export const flexibleRolloutParametersSchema = z.object({
  rollout: z.number({ error: 'rollout must be an integer within [0, 100]' }).int().min(0).max(100),
  stickiness: contextFieldNameSchema,
  group_id: z.string().min(1).max(256).optional(),
});

export const userIdsParametersSchema = z.object({ user_ids: z.array(z.string().min(1).max(256)).min(1).max(10_000) });

const strategyCommon = { constraints: z.array(flagConstraintSchema).max(64).default([]), variants: flagVariantListSchema.optional() };

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
  variants: z.array(z.string().min(1).max(256)).min(1).max(64).optional(),
});

/** One entry per parent flag: two entries for the same parent would be contradictory or redundant. */
export const flagDependencyListSchema = z
  .array(flagDependencySchema)
  .max(32)
  .check((ctx) => pushDuplicates(ctx, ctx.value.map((dependency) => dependency.flag_key), 'flag_key', 'dependency on'));

/** Adds one issue at `<index>.<field>` for every repeated value. */
export function pushDuplicates(ctx: z.core.ParsePayload<unknown[]>, values: readonly string[], field: string | undefined, what: string): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) {
      ctx.issues.push({ code: 'custom', input: value, path: field === undefined ? [index] : [index, field], message: `duplicate ${what} ${JSON.stringify(value)}` });
    }
    seen.add(value);
  });
}

export type FlagConstraint = z.infer<typeof flagConstraintSchema>;
export type FlagVariant = z.infer<typeof flagVariantSchema>;
export type FlagStrategy = z.infer<typeof flagStrategySchema>;
export type FlagDependency = z.infer<typeof flagDependencySchema>;
