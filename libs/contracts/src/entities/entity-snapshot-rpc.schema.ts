import { z } from 'zod';
import { ltreeKeySchema } from '../ltree/ltree-key.schema';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { entityNameSchema, entityTypeSchema } from './entity-fields.schema';

/**
 * A consistent snapshot of every workspace's tree, served by entity-service over NATS for internal
 * rebuilds (hierarchy-service `rebuild --from entity-service`):
 *
 * - `rpc.entity.snapshot_open` `{}` → `{snapshot_id, expires_at}`: the answering instance holds a
 *   read-only REPEATABLE READ transaction open and exports its snapshot (`pg_export_snapshot()`).
 * - `rpc.entity.snapshot_page` `{snapshot_id, after, limit}` → `{items, next}`: any instance imports
 *   the snapshot and answers one keyset page over ALL workspaces in `(workspace_id, path)` order
 *   (a parent before its children). A closed or expired snapshot → `RESOURCE_NOT_FOUND`.
 * - `rpc.entity.snapshot_close` `{snapshot_id}` → `{closed}`: ends the exported transaction.
 */

/** Most entities one `rpc.entity.snapshot_page` may ask for. The responder may answer fewer (byte bound). */
export const MAX_ENTITY_SNAPSHOT_PAGE = 1000;

/**
 * What PostgreSQL's `pg_export_snapshot()` returns (`%08X-%08X-%d`: backend, local transaction,
 * counter). Validated this strictly because it ends up in `SET TRANSACTION SNAPSHOT '<id>'`,
 * which takes no bind parameters.
 */
export const entitySnapshotIdSchema = z
  .string()
  .regex(/^[0-9A-F]{8}-[0-9A-F]{8}-[1-9][0-9]{0,8}$/, { error: 'snapshot_id must be an exported PostgreSQL snapshot id (XXXXXXXX-XXXXXXXX-N)' });

export const entitySnapshotOpenRequestSchema = z.strictObject({});
export const entitySnapshotOpenResponseSchema = z.object({
  snapshot_id: entitySnapshotIdSchema,
  /** The responder closes the snapshot at this time at the latest. */
  expires_at: z.iso.datetime(),
});

/** Keyset position in a snapshot: the last `(workspace_id, path)` served. */
export const entitySnapshotPositionSchema = z.strictObject({ workspace_id: z.uuid(), path: ltreePathSchema });

export const entitySnapshotPageRequestSchema = z.strictObject({
  snapshot_id: entitySnapshotIdSchema,
  /** `null` for the first page, then the previous page's `next`. */
  after: entitySnapshotPositionSchema.nullable(),
  limit: z.number().int().min(1).max(MAX_ENTITY_SNAPSHOT_PAGE),
});

/** One entity as a tree projection needs it (hierarchy-service's read model). */
export const snapshotEntitySchema = z.object({
  workspace_id: z.uuid(),
  id: z.uuid(),
  parent_id: z.uuid().nullable(),
  path: ltreePathSchema,
  key: ltreeKeySchema,
  name: entityNameSchema,
  entity_type: entityTypeSchema,
  version: z.number().int().min(1),
});

export const entitySnapshotPageResponseSchema = z.object({
  items: z.array(snapshotEntitySchema).max(MAX_ENTITY_SNAPSHOT_PAGE),
  /** Where the next page starts (the last item's position), or `null` when this page is the last. */
  next: entitySnapshotPositionSchema.nullable(),
});

export const entitySnapshotCloseRequestSchema = z.strictObject({ snapshot_id: entitySnapshotIdSchema });
export const entitySnapshotCloseResponseSchema = z.object({
  /** false: no open snapshot had that id any more (already closed or expired). */
  closed: z.boolean(),
});

export type EntitySnapshotOpenRequest = z.infer<typeof entitySnapshotOpenRequestSchema>;
export type EntitySnapshotOpenResponse = z.infer<typeof entitySnapshotOpenResponseSchema>;
export type EntitySnapshotPosition = z.infer<typeof entitySnapshotPositionSchema>;
export type EntitySnapshotPageRequest = z.infer<typeof entitySnapshotPageRequestSchema>;
export type SnapshotEntity = z.infer<typeof snapshotEntitySchema>;
export type EntitySnapshotPageResponse = z.infer<typeof entitySnapshotPageResponseSchema>;
export type EntitySnapshotCloseRequest = z.infer<typeof entitySnapshotCloseRequestSchema>;
export type EntitySnapshotCloseResponse = z.infer<typeof entitySnapshotCloseResponseSchema>;
