import { z } from 'zod';
import { flagKeySchema } from './flag-key.schema';
import { flagDependencyListSchema, flagStrategySchema, flagVariantListSchema, pushDuplicates } from './flag-parts.schema';

export const flagTypeSchema = z.enum(['release', 'experiment', 'operational', 'kill_switch']);

export const flagTagSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, { error: 'tag must be 1-64 characters of A-Z, a-z, 0-9, ".", "_", ":", "-"' });

const flagTagListSchema = z
  .array(flagTagSchema)
  .max(32)
  .check((ctx) => pushDuplicates(ctx, ctx.value, undefined, 'tag'));

const writableFlagFields = {
  description: z.string().max(4096).default(''),
  type: flagTypeSchema.default('release'),
  enabled: z.boolean().default(false),
  strategies: z.array(flagStrategySchema).max(64).default([]),
  variants: flagVariantListSchema.default([]),
  dependencies: flagDependencyListSchema.default([]),
  tags: flagTagListSchema.default([]),
};

/** A feature flag (API.md "Feature flags"). `rollout_percentage` is a read-only summary. */
export const flagSchema = z.object({
  key: flagKeySchema,
  ...writableFlagFields,
  rollout_percentage: z.number().int().min(0).max(100).nullable(),
  version: z.number().int().min(1),
  updated_by: z.string().min(1).max(256),
  updated_at: z.iso.datetime(),
});

/** POST /api/v1/flags. */
export const createFlagBodySchema = z.strictObject({ key: flagKeySchema, ...writableFlagFields });

/** PUT /api/v1/flags/{key}: the whole definition (the key comes from the path). */
export const replaceFlagBodySchema = z.strictObject(writableFlagFields);

/** PATCH /api/v1/flags/{key}: JSON merge patch of the writable fields. */
export const updateFlagBodySchema = z
  .strictObject({
    description: writableFlagFields.description.unwrap().optional(),
    type: flagTypeSchema.optional(),
    enabled: z.boolean().optional(),
    strategies: writableFlagFields.strategies.unwrap().optional(),
    variants: writableFlagFields.variants.unwrap().optional(),
    dependencies: writableFlagFields.dependencies.unwrap().optional(),
    tags: writableFlagFields.tags.unwrap().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { error: 'the patch must change at least one field' });

export const flagKeyParamsSchema = z.object({ key: flagKeySchema });

export type Flag = z.infer<typeof flagSchema>;
export type FlagType = z.infer<typeof flagTypeSchema>;
export type CreateFlagBody = z.infer<typeof createFlagBodySchema>;
export type ReplaceFlagBody = z.infer<typeof replaceFlagBodySchema>;
export type UpdateFlagBody = z.infer<typeof updateFlagBodySchema>;
/** The fields a caller writes (everything but key, rollout_percentage, version, updated_by/at). */
export type FlagDefinition = ReplaceFlagBody;
