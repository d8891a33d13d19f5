import fc from 'fast-check';
import { createFlagBodySchema, replaceFlagBodySchema, updateFlagBodySchema } from './flag.schema';
import { flagConstraintSchema } from './flag-parts.schema';
import { rolloutPercentageOf } from './rollout-percentage.util';

const issuePaths = (result: { error?: { issues: Array<{ path: PropertyKey[] }> } }) => result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('flag constraints', () => {
  it.each([
    ['NUM_GT', '42'], ['NUM_LTE', '-0.5'], ['DATE_AFTER', '2026-11-22T10:00:00Z'], ['DATE_BEFORE', '2026-02-28T10:00:00.123+02:00'],
    ['SEMVER_EQ', '1.2.3'], ['SEMVER_GT', '2.0.0-beta.1+build.5'],
  ])('%s accepts %s', (operator, value) => {
    expect(flagConstraintSchema.safeParse({ context_name: 'properties.version', operator, value }).success).toBe(true);
  });

  it.each([
    ['NUM_GT', 'forty'], ['NUM_EQ', '1e400'], ['NUM_EQ', ''], ['DATE_AFTER', 'yesterday'], ['DATE_AFTER', '2026-02-30T10:00:00Z'],
    ['DATE_BEFORE', '2026-11-22'], ['SEMVER_EQ', 'v1.2.3'], ['SEMVER_LT', '1.2'], ['SEMVER_GT', '01.2.3'],
  ])('%s refuses %j at value', (operator, value) => {
    expect(issuePaths(flagConstraintSchema.safeParse({ context_name: 'x', operator, value }))).toEqual(['value']);
  });

  it('list operators take a non-empty values list, the others one value', () => {
    expect(issuePaths(flagConstraintSchema.safeParse({ context_name: 'x', operator: 'IN', value: 'a' }))).toEqual(['value', 'values']);
    expect(issuePaths(flagConstraintSchema.safeParse({ context_name: 'x', operator: 'IN', values: [] }))).toEqual(['values']);
    expect(issuePaths(flagConstraintSchema.safeParse({ context_name: 'x', operator: 'NUM_EQ', values: ['1'] }))).toEqual(['values', 'value']);
    expect(flagConstraintSchema.safeParse({ context_name: 'x', operator: 'STR_CONTAINS', values: ['a'] }).success).toBe(true);
  });

  it('any decimal number a constraint accepts reads back as the same number', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.nat(999), (whole, fraction) => {
        const value = `${whole}.${fraction}`;
        expect(flagConstraintSchema.safeParse({ context_name: 'n', operator: 'NUM_GTE', value }).success).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

describe('flag bodies', () => {
  const base = { key: 'new-checkout', enabled: true };

  it('fills defaults and keeps a valid definition as written', () => {
    const body = createFlagBodySchema.parse({
      ...base,
      strategies: [{ name: 'flexible_rollout', parameters: { rollout: 25, stickiness: 'user_id' }, constraints: [{ context_name: 'workspace_id', operator: 'IN', values: ['a'] }] }],
      variants: [{ name: 'blue', weight: 500, payload: { type: 'json', value: '{"color":"blue"}' } }, { name: 'green', weight: 500 }],
      dependencies: [{ flag_key: 'parent' }],
      tags: ['checkout'],
    });
    expect(body).toMatchObject({ type: 'release', description: '', dependencies: [{ flag_key: 'parent', enabled: true }] });
    expect(body.variants[0]?.stickiness).toBe('default');
  });

  it.each([
    [{ variants: [{ name: 'a', weight: 1001 }] }, 'variants.0.weight'],
    [{ variants: [{ name: 'a', weight: -1 }] }, 'variants.0.weight'],
    [{ variants: [{ name: 'a', weight: 0 }] }, 'variants'],
    [{ variants: [{ name: 'a', weight: 1 }, { name: 'a', weight: 1 }] }, 'variants.1.name'],
    [{ variants: [{ name: 'a', weight: 1, payload: { type: 'json', value: '{' } }] }, 'variants.0.payload.value'],
    [{ variants: [{ name: 'a', weight: 1, payload: { type: 'number', value: 'x' } }] }, 'variants.0.payload.value'],
    [{ dependencies: [{ flag_key: 'p' }, { flag_key: 'p', enabled: false }] }, 'dependencies.1.flag_key'],
    [{ tags: ['a', 'a'] }, 'tags.1'],
    [{ strategies: [{ name: 'flexible_rollout', parameters: { rollout: 101, stickiness: 'default' } }] }, 'strategies.0.parameters.rollout'],
    [{ strategies: [{ name: 'user_ids', parameters: { user_ids: [] } }] }, 'strategies.0.parameters.user_ids'],
    [{ strategies: [{ name: 'gradual', parameters: {} }] }, 'strategies.0.name'],
    [{ rollout_percentage: 50 }, ''],
    [{ version: 3 }, ''],
  ])('refuses %j at %s', (change, path) => {
    expect(issuePaths(createFlagBodySchema.safeParse({ ...base, ...change }))).toEqual([path]);
  });

  it('a patch must change something and may not carry the key or read-only fields', () => {
    expect(updateFlagBodySchema.safeParse({}).success).toBe(false);
    expect(updateFlagBodySchema.safeParse({ key: 'other' }).success).toBe(false);
    expect(updateFlagBodySchema.parse({ enabled: false })).toEqual({ enabled: false });
    expect(replaceFlagBodySchema.safeParse({ key: 'x' }).success).toBe(false);
  });
});

describe('rolloutPercentageOf', () => {
  it('is the single percentage, 100 for default-only, null when mixed', () => {
    const rollout = (percent: number) => ({ name: 'flexible_rollout' as const, parameters: { rollout: percent, stickiness: 'default' }, constraints: [] });
    const everyone = { name: 'default' as const, parameters: {}, constraints: [] };
    const users = { name: 'user_ids' as const, parameters: { user_ids: ['u'] }, constraints: [] };
    expect(rolloutPercentageOf([rollout(30)])).toBe(30);
    expect(rolloutPercentageOf([everyone])).toBe(100);
    expect(rolloutPercentageOf([])).toBe(100);
    expect(rolloutPercentageOf([users])).toBeNull();
    expect(rolloutPercentageOf([rollout(30), rollout(40)])).toBeNull();
    expect(rolloutPercentageOf([rollout(30), users])).toBeNull();
  });
});
