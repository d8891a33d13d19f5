import { z } from 'zod';
import { flagSchema } from './flag.schema';

/**
 * `rpc.flag.snapshot` request: with `if_none_match` set to the etag the caller holds, an unchanged
 * snapshot is answered `{modified: false}` without the flags.
 */
export const flagSnapshotRequestSchema = z.object({ if_none_match: z.string().min(1).max(128).optional() });

/**
 * Every flag as flag-service holds it in memory. `revision` grows with every committed change
 * (create, update, delete, kill); `etag` is `"<revision>"`, the same value the flag-service
 * instances compare before reloading.
 */
export const flagSnapshotSchema = z.object({
  revision: z.number().int().nonnegative(),
  etag: z.string().min(1).max(128),
  flags: z.array(flagSchema),
});

export const flagSnapshotResponseSchema = z.discriminatedUnion('modified', [
  flagSnapshotSchema.extend({ modified: z.literal(true) }),
  z.object({ modified: z.literal(false), revision: z.number().int().nonnegative(), etag: z.string().min(1).max(128) }),
]);

export type FlagSnapshotRequest = z.infer<typeof flagSnapshotRequestSchema>;
export type FlagSnapshot = z.infer<typeof flagSnapshotSchema>;
export type FlagSnapshotResponse = z.infer<typeof flagSnapshotResponseSchema>;
