import { ofrepContextSchema, ofrepEvaluateBodySchema } from './ofrep.schema';

const issuePaths = (value: unknown) => ofrepContextSchema.safeParse(value).error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('OFREP evaluation context', () => {
  it('keeps known and custom scalar fields as sent', () => {
    const context = { targetingKey: 'u-1', roles: ['viewer'], current_time: '2026-11-22T10:00:00+01:00', properties: { plan: 'pro', seats: 3 }, country: 'JP', beta: true };
    expect(ofrepContextSchema.parse(context)).toEqual(context);
    expect(ofrepEvaluateBodySchema.parse({})).toEqual({ context: {} });
  });

  it.each([
    [{ targetingKey: 42 }, 'targetingKey'],
    [{ roles: 'admin' }, 'roles'],
    [{ current_time: 'yesterday' }, 'current_time'],
    [{ properties: 'x' }, 'properties'],
    [{ properties: { nested: { a: 1 } } }, 'properties.nested'],
    [{ country: { code: 'JP' } }, 'country'],
    [{ tags: ['a'] }, 'tags'],
    [{ note: null }, 'note'],
  ])('refuses %j at %s', (context, path) => {
    expect(issuePaths(context)).toEqual([path]);
  });

  it('bounds the number of fields', () => {
    const wide = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, i]));
    expect(issuePaths(wide)).toEqual(['']);
  });
});
