import { z } from 'zod';
import { MAX_ERROR_DETAILS } from './error-envelope.schema';
import { zodIssuesToDetails } from './zod-issues.mapper';

function errorOf(schema: z.ZodType, value: unknown): z.ZodError {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a validation failure');
  return result.error;
}

describe('zodIssuesToDetails', () => {
  const batch = z.object({
    items: z.array(z.object({ points: z.array(z.object({ t: z.iso.datetime({ error: 't must be a date-time' }) })) })),
  });

  it('joins nested paths with dots, array indices included', () => {
    const value = { items: [{ points: [] }, { points: [] }, { points: [] }, { points: [{ t: 'yesterday' }] }] };
    expect(zodIssuesToDetails(errorOf(batch, value))).toEqual([{ field: 'items.3.points.0.t', message: 't must be a date-time' }]);
  });

  it('puts the prefix in front, and uses the prefix alone for a root-level issue', () => {
    expect(zodIssuesToDetails(errorOf(z.object({ a: z.string() }), { a: 1 }), 'location')[0]?.field).toBe('location.a');
    expect(zodIssuesToDetails(errorOf(z.string(), 1), 'query')[0]?.field).toBe('query');
    expect(zodIssuesToDetails(errorOf(z.string(), 1))[0]?.field).toBe('');
  });

  it('merges duplicates and caps the list', () => {
    const many = z.array(z.string());
    const details = zodIssuesToDetails(errorOf(many, Array.from({ length: 500 }, (_, i) => i)));
    expect(details).toHaveLength(MAX_ERROR_DETAILS);
    expect(details[7]?.field).toBe('7');
    const twice = new z.ZodError([
      { code: 'custom', path: ['a'], message: 'bad', input: 1 },
      { code: 'custom', path: ['a'], message: 'bad', input: 1 },
    ]);
    expect(zodIssuesToDetails(twice)).toEqual([{ field: 'a', message: 'bad' }]);
  });
});
