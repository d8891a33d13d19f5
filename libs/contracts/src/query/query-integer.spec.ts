import fc from 'fast-check';
import { z } from 'zod';
import { queryIntegerSchema } from './query-integer.schema';

describe('queryIntegerSchema', () => {
  const limit = z.object({ limit: queryIntegerSchema('limit', 1, 1000).default(100) });

  it('reads plain decimal digits within the bounds', () => {
    expect(limit.parse({ limit: '1' })).toEqual({ limit: 1 });
    expect(limit.parse({ limit: '1000' })).toEqual({ limit: 1000 });
    expect(limit.parse({ limit: '007' })).toEqual({ limit: 7 });
    expect(limit.parse({})).toEqual({ limit: 100 });
  });

  it.each(['0x10', '1e2', ' 5', '5 ', '+5', '-5', '', '2.5', '0b11', '0o7', 'Infinity', 'NaN', '0', '1001', '9'.repeat(40)])(
    'refuses limit=%j at the field with the bounds in the message',
    (value) => {
      const result = limit.safeParse({ limit: value });
      expect(result.success).toBe(false);
      expect(result.error?.issues).toHaveLength(1);
      expect(result.error?.issues[0]?.path).toEqual(['limit']);
      expect(result.error?.issues[0]?.message).toBe('limit must be an integer within [1, 1000]');
    },
  );

  it('accepts exactly the decimal strings of in-range integers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), (value) => {
        const expected = /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 1000;
        expect(limit.safeParse({ limit: value }).success).toBe(expected);
      }),
    );
  });

  it('shows as an integer with its bounds in JSON Schema (OpenAPI parameters)', () => {
    expect(z.toJSONSchema(queryIntegerSchema('limit', 1, 1000), { io: 'input' })).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000 });
  });
});
