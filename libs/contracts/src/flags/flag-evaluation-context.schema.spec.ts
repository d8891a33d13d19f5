import fc from 'fast-check';
import { flagEvaluationContextSchema } from './flag-evaluation-context.schema';

const contextArb = fc.record(
  {
    user_id: fc.string({ maxLength: 256 }),
    session_id: fc.string({ maxLength: 256 }),
    workspace_id: fc.uuid(),
    roles: fc.array(fc.constantFrom('viewer', 'analyst', 'admin'), { maxLength: 3 }),
    remote_address: fc.ipV4(),
    current_time: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString()),
    // `__proto__` is left out: zod's record never copies it (prototype-poisoning guard), so it is not "unchanged".
    properties: fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }).filter((key) => key !== '__proto__'), fc.oneof(fc.string({ maxLength: 50 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()), { maxKeys: 5 }),
  },
  { requiredKeys: [] },
);

describe('flagEvaluationContextSchema', () => {
  it('drops a __proto__ property instead of copying it (no prototype poisoning through a context)', () => {
    const parsed = flagEvaluationContextSchema.parse(JSON.parse('{"properties":{"__proto__":{"polluted":true},"plan":"pro"}}'));
    expect(parsed.properties).toEqual({ plan: 'pro' });
    expect(Object.getPrototypeOf(parsed.properties)).toBe(Object.prototype);
  });

  it('valid contexts parse unchanged after a JSON round trip', () => {
    fc.assert(
      fc.property(contextArb, (context) => {
        const wire = JSON.parse(JSON.stringify(context)) as unknown;
        expect(flagEvaluationContextSchema.parse(wire)).toEqual(wire);
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    [{ user_id: 42 }, 'user_id'],
    [{ roles: 'admin' }, 'roles'],
    [{ current_time: 'yesterday' }, 'current_time'],
    [{ properties: { plan: { tier: 'pro' } } }, 'properties.plan'],
    [{ properties: [] }, 'properties'],
  ])('refuses %j at %s', (input, path) => {
    const result = flagEvaluationContextSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
