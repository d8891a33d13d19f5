import { paginationQuerySchema } from './pagination-query.schema';

describe('paginationQuerySchema', () => {
  it('defaults limit to 100 and coerces query strings', () => {
    expect(paginationQuerySchema.parse({})).toEqual({ limit: 100 });
    expect(paginationQuerySchema.parse({ limit: '1', cursor: 'abc' })).toEqual({ limit: 1, cursor: 'abc' });
    expect(paginationQuerySchema.parse({ limit: '1000' })).toEqual({ limit: 1000 });
  });

  it.each(['0', '1001', '-5', '2.5', 'ten', '0x10', '1e2', '', ['1', '2']])('rejects limit=%j on the limit field', (limit) => {
    const result = paginationQuerySchema.safeParse({ limit });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['limit']);
  });

  it('rejects an empty or oversized cursor', () => {
    expect(paginationQuerySchema.safeParse({ cursor: '' }).success).toBe(false);
    expect(paginationQuerySchema.safeParse({ cursor: 'x'.repeat(2049) }).success).toBe(false);
  });
});
