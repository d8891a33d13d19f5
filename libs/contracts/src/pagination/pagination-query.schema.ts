import { z } from 'zod';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;
/** Cursors are small signed JSON blobs; anything longer is garbage and rejected before any crypto runs. */
export const MAX_CURSOR_LENGTH = 2048;

/** `?limit=&cursor=`; limit arrives as a query string, hence the coercion. */
export const paginationQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be an integer' })
    .min(1, { error: `limit must be within [1, ${MAX_PAGE_LIMIT}]` })
    .max(MAX_PAGE_LIMIT, { error: `limit must be within [1, ${MAX_PAGE_LIMIT}]` })
    .default(DEFAULT_PAGE_LIMIT),
  cursor: z.string().min(1).max(MAX_CURSOR_LENGTH).optional(),
});

export type PaginationQuery = z.infer<typeof paginationQuerySchema>;
