import { z } from 'zod';
import { pageSchema } from './page.schema';

describe('pageSchema', () => {
  const page = pageSchema(z.object({ id: z.number() }));

  it('accepts a page with and without a next cursor', () => {
    expect(page.parse({ items: [{ id: 1 }], next_cursor: 'c', has_more: true })).toEqual({
      items: [{ id: 1 }],
      next_cursor: 'c',
      has_more: true,
    });
    expect(page.parse({ items: [], next_cursor: null, has_more: false }).items).toEqual([]);
  });

  it('validates items with the item schema', () => {
    const result = page.safeParse({ items: [{ id: 'x' }], next_cursor: null, has_more: false });
    expect(result.error?.issues[0]?.path).toEqual(['items', 0, 'id']);
  });

  it('rejects has_more disagreeing with next_cursor', () => {
    expect(page.safeParse({ items: [], next_cursor: null, has_more: true }).error?.issues[0]?.path).toEqual(['has_more']);
    expect(page.safeParse({ items: [], next_cursor: 'c', has_more: false }).success).toBe(false);
  });
});
