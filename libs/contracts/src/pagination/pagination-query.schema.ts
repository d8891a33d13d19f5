import { z } from 'zod';
import { queryIntegerSchema } from '../query/query-integer.schema';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;
/** Cursors are small signed JSON blobs; anything longer is garbage and rejected before any crypto runs. */
export const MAX_CURSOR_LENGTH = 2048;

/** `?limit=&cursor=`; limit arrives as a query string of decimal digits. */
export const paginationQuerySchema = z.object({
  limit: queryIntegerSchema('limit', 1, MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  cursor: z.string().min(1).max(MAX_CURSOR_LENGTH).optional(),
});

export type PaginationQuery = z.infer<typeof paginationQuerySchema>;
