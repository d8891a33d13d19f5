import { z } from 'zod';
import { flagKeySchema } from './flag-key.schema';
import { flagTagSchema } from './flag.schema';

/** One entry of GET /api/v1/flags/{key}/audit: who changed what, when, with the diff. */
export const flagAuditEntrySchema = z.object({
  id: z.uuid(),
  flag_key: flagKeySchema,
  action: z.enum(['created', 'updated', 'deleted', 'killed']),
  changed_by: z.string().min(1).max(256),
  changed_at: z.iso.datetime(),
  /** Field name → `{from, to}`; `from` is absent for created flags, `to` for deleted ones. */
  diff: z.record(z.string(), z.object({ from: z.unknown().optional(), to: z.unknown().optional() })),
});

/** POST /api/v1/flags/kill: disables every flag carrying `tag`. */
export const killFlagsBodySchema = z.strictObject({ tag: flagTagSchema });

export const killFlagsResultSchema = z.object({ tag: flagTagSchema, disabled: z.array(flagKeySchema) });

export type FlagAuditEntry = z.infer<typeof flagAuditEntrySchema>;
