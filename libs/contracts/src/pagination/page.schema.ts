import { z } from 'zod';

/** `{items, next_cursor, has_more}`; has_more is true exactly when there is a next cursor. */
export function pageSchema<T extends z.ZodType>(itemSchema: T) {
  return z
    .object({
      items: z.array(itemSchema),
      next_cursor: z.string().min(1).nullable(),
      has_more: z.boolean(),
    })
    .refine((page) => page.has_more === (page.next_cursor !== null), {
      error: 'has_more must be true exactly when next_cursor is set',
      path: ['has_more'],
    });
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
  has_more: boolean;
}
