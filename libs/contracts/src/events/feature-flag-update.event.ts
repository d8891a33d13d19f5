import { z } from 'zod';
import { flagKeySchema } from '../flags/flag-key.schema';
import { defineGlobalEvent } from './define-event';

/**
 * The flag-service revision after the change (see `flagSnapshotSchema`): a holder of an in-memory
 * snapshot at this revision or later already has the change and need not reload.
 */
const revision = z.number().int().min(1);

/** A flag was created or changed (platform-wide, so `workspace_id` is "global"). `rollout_percentage` is null when strategies are mixed. */
export const featureFlagUpdateEventSchema = defineGlobalEvent('feature_flag_update', {
  flag_key: flagKeySchema,
  enabled: z.boolean(),
  rollout_percentage: z.number().min(0).max(100).nullable(),
  revision: revision.optional(),
});

/** A flag was deleted (`evt.global.flag.deleted`). */
export const featureFlagDeletedEventSchema = defineGlobalEvent('feature_flag_deleted', {
  flag_key: flagKeySchema,
  revision: revision.optional(),
});

export type FeatureFlagUpdateEvent = z.infer<typeof featureFlagUpdateEventSchema>;
export type FeatureFlagDeletedEvent = z.infer<typeof featureFlagDeletedEventSchema>;
