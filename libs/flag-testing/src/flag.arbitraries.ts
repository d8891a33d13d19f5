// fast-check arbitraries for flag sets and contexts drawn from small shared pools, so that random
// definitions and random contexts actually meet (constraints hit, buckets split, variants vary).
import fc from 'fast-check';
import { CONSTRAINT_OPERATORS, type EvaluableFlag, type FlagConstraint, type FlagEvaluationContext, type FlagStrategy, type FlagVariant } from '@forecastin/contracts';

const USERS = Array.from({ length: 12 }, (_, index) => `u${index}`);
const FIELDS = ['user_id', 'session_id', 'workspace_id', 'remote_address', 'current_time', 'roles', 'plan', 'properties.plan', 'age', 'version', 'country', 'missing'];
const STICKINESS = ['default', 'user_id', 'session_id', 'workspace_id', 'remote_address', 'plan', 'random'];
const OPERANDS = ['u1', 'u2', 'pro', 'Pro', 'PRO', ' pro ', '', 'fr', 'NO', 'admin', '10.', '18', '18.5', '-3', 'abc', '1.2.3', '1.10.0', 'v1.2.3', '2.0.0-beta.1', '2026-06-01T00:00:00Z', '2030-01-01T00:00:00+01:00', 'not-a-date'];
const PROPERTY_VALUES: Array<string | number | boolean> = ['pro', 'Pro', 'free', '', ' pro ', 'NO', 'no', 18, '18', 18.5, -3, 'abc', true, '1.2.3', '1.10.0', 'v1.2.3', '2.0.0-beta.1', '2.0.0'];
const TIMES = ['2020-01-01T00:00:00Z', '2026-06-01T00:00:00Z', '2026-06-01T00:00:00.001Z', '2035-12-31T23:59:59+05:00'];
const WORKSPACES = ['7c9e6679-7425-40de-944b-e07fc1f90ae7', '2b5f4c1e-3a4b-4c5d-8e6f-7a8b9c0d1e2f'];

const LIST_OPERATORS = new Set(['IN', 'NOT_IN', 'STR_CONTAINS', 'STR_STARTS_WITH', 'STR_ENDS_WITH']);

export const constraintArb: fc.Arbitrary<FlagConstraint> = fc
  .record({
    context_name: fc.constantFrom(...FIELDS),
    operator: fc.constantFrom(...CONSTRAINT_OPERATORS),
    values: fc.array(fc.constantFrom(...OPERANDS), { minLength: 1, maxLength: 3 }),
    value: fc.constantFrom(...OPERANDS),
    inverted: fc.boolean(),
    case_insensitive: fc.boolean(),
  })
  .map(({ values, value, ...rest }) => (LIST_OPERATORS.has(rest.operator) ? { ...rest, values } : { ...rest, value }));

const payloadArb = fc.oneof(
  fc.constantFrom('plain', 'with space', '').map((value) => ({ type: 'string' as const, value })),
  fc.constantFrom('{"a":1}', '[1,2]', '"text"', 'null').map((value) => ({ type: 'json' as const, value })),
  fc.constantFrom('42', '-0.5', '0').map((value) => ({ type: 'number' as const, value })),
);

export const variantsArb: fc.Arbitrary<FlagVariant[]> = fc
  .uniqueArray(
    fc.record({
      name: fc.constantFrom('a', 'b', 'c', 'd'),
      weight: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 })),
      stickiness: fc.constantFrom(...STICKINESS),
      payload: fc.option(payloadArb, { nil: undefined }),
    }),
    { selector: (variant) => variant.name, minLength: 1, maxLength: 4 },
  )
  .map((variants) => variants.map(({ payload, ...rest }) => (payload ? { ...rest, payload } : rest)));

const strategyArb: fc.Arbitrary<FlagStrategy> = fc.oneof(
  fc.record({ name: fc.constant('default' as const), parameters: fc.constant({}), constraints: fc.array(constraintArb, { maxLength: 3 }) }),
  fc.record({
    name: fc.constant('flexible_rollout' as const),
    parameters: fc.record(
      { rollout: fc.oneof(fc.constantFrom(0, 1, 50, 99, 100), fc.integer({ min: 0, max: 100 })), stickiness: fc.constantFrom(...STICKINESS), group_id: fc.constantFrom('g1', 'g2') },
      { requiredKeys: ['rollout', 'stickiness'] },
    ),
    constraints: fc.array(constraintArb, { maxLength: 2 }),
  }),
  fc.record({ name: fc.constant('user_ids' as const), parameters: fc.record({ user_ids: fc.subarray(USERS, { minLength: 1 }) }), constraints: fc.array(constraintArb, { maxLength: 1 }) }),
);

const strategyWithVariantsArb: fc.Arbitrary<FlagStrategy> = fc
  .tuple(strategyArb, fc.option(variantsArb, { nil: undefined, freq: 3 }))
  .map(([strategy, variants]) => (variants ? { ...strategy, variants } : strategy));

/**
 * 1..8 flags; a flag may depend on earlier flags without dependencies of their own (the one level
 * Unleash allows) or on a key that does not exist.
 */
export const flagSetArb: fc.Arbitrary<EvaluableFlag[]> = fc
  .array(
    fc.record({
      enabled: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      strategies: fc.array(strategyWithVariantsArb, { maxLength: 3 }),
      variants: fc.option(variantsArb, { nil: [] }),
      dependencyPicks: fc.array(fc.record({ index: fc.nat(), enabled: fc.boolean(), variants: fc.option(fc.subarray(['a', 'b', 'c', 'disabled'], { minLength: 1 }), { nil: undefined }) }), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((drafts) => {
    const flags: EvaluableFlag[] = [];
    for (const [index, { dependencyPicks, ...draft }] of drafts.entries()) {
      const roots = flags.filter((candidate) => candidate.dependencies.length === 0).map((candidate) => candidate.key);
      const parents = dependencyPicks.map((pick) => ({ ...pick, key: roots.length > 0 && pick.index % 5 !== 0 ? (roots[pick.index % roots.length] as string) : 'no-such-flag' }));
      const unique = [...new Map(parents.map((parent) => [parent.key, parent])).values()];
      const dependencies = unique.map(({ key, enabled, variants }) => ({ flag_key: key, enabled, ...(variants ? { variants } : {}) }));
      flags.push({ key: `flag-${index}`, ...draft, dependencies });
    }
    return flags;
  });

export const contextArb: fc.Arbitrary<FlagEvaluationContext> = fc.record(
  {
    user_id: fc.constantFrom(...USERS, ''),
    session_id: fc.constantFrom('s1', 's2', 's3', ''),
    workspace_id: fc.constantFrom(...WORKSPACES),
    roles: fc.constantFrom([], ['admin'], ['viewer']),
    remote_address: fc.constantFrom('10.0.0.1', '192.168.1.1'),
    current_time: fc.constantFrom(...TIMES),
    properties: fc.record({ plan: fc.constantFrom(...PROPERTY_VALUES), age: fc.constantFrom(...PROPERTY_VALUES), version: fc.constantFrom(...PROPERTY_VALUES), country: fc.constantFrom(...PROPERTY_VALUES) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
