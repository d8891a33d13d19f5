import { z } from 'zod';
import { ltreePathSchema } from '../ltree/ltree-path.schema';

/** A period `YYYY-MM` or an RFC 3339 date/time: assumptions apply from/to a month or an instant. */
export const periodBoundSchema = z.union([z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), z.iso.date(), z.iso.datetime()]);

export const metricNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, { error: 'metric must be 1-64 characters of a-z, 0-9, _ starting with a letter' });

/** "from 2027-01 to 2027-12, multiply `trade_volume` under `world.asia.japan` by 0.8". */
export const assumptionSchema = z.object({
  id: z.uuid(),
  path: ltreePathSchema,
  metric: metricNameSchema,
  kind: z.enum(['multiplier', 'additive', 'override']),
  value: z.number(),
  from: periodBoundSchema,
  to: periodBoundSchema,
  note: z.string().max(2048).nullable(),
});

/** An assumption as a client writes it: the server assigns the id when absent. */
export const assumptionInputSchema = assumptionSchema.extend({ id: z.uuid().optional(), note: z.string().max(2048).nullable().optional() });

export type Assumption = z.infer<typeof assumptionSchema>;
