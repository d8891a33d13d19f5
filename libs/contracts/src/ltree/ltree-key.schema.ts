import { z } from 'zod';
import { KEY_PATTERN } from './ltree.constants';

/** One ltree label: an entity's key. */
export const ltreeKeySchema = z
  .string()
  .regex(KEY_PATTERN, { error: 'key must be 1-63 characters of a-z, 0-9 and _' });

export type LtreeKey = z.infer<typeof ltreeKeySchema>;
