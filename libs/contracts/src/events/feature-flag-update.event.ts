import { z } from 'zod';
import { flagKeySchema } from '../flags/flag-key.schema';
import { defineGlobalEvent } from './define-event';

/** A flag changed (platform-wide, so `workspace_id` is "global"). `rollout_percentage` is null when strategies are mixed. */
export const featureFlagUpdateEventSchema = defineGlobalEvent('feature_flag_update', {
  flag_key: flagKeySchema,
  enabled: z.boolean(),
  rollout_percentage: z.number().min(0).max(100).nullable(),
});

export type FeatureFlagUpdateEvent = z.infer<typeof featureFlagUpdateEventSchema>;
