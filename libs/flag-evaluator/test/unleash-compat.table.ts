// A readable table of definitions and contexts that both engines evaluate (unleash-compat.spec.ts):
// every operator (with inversion, case-insensitivity, missing fields, malformed operands), rollouts
// with each stickiness, variants with payloads at flag and strategy level, and dependencies.
import type { EvaluableFlag, FlagEvaluationContext } from '@forecastin/contracts';
import { constraint as c, defaultStrategy, dependsOn, flag, rollout, userIds, variant } from '@forecastin/flag-testing';

const on = (key: string, ...constraints: ReturnType<typeof c>[]): EvaluableFlag => flag(key, { strategies: [defaultStrategy(constraints)] });

export const COMPAT_FLAGS: EvaluableFlag[] = [
  // Constraints, one operator each (and their inversions).
  on('in-user', c('user_id', 'IN', ['u1', ' u2 ', ''])),
  on('in-roles', c('roles', 'IN', ['admin'])),
  on('not-in-country', c('country', 'NOT_IN', ['NO', 'SE'])),
  on('not-in-inverted', c('country', 'NOT_IN', ['NO'], { inverted: true })),
  on('contains', c('plan', 'STR_CONTAINS', ['ro'])),
  on('contains-ci', c('plan', 'STR_CONTAINS', ['PRO'], { case_insensitive: true })),
  on('starts-with', c('properties.plan', 'STR_STARTS_WITH', ['pr', 'fr'])),
  on('ends-with-inverted', c('email', 'STR_ENDS_WITH', ['@example.com'], { inverted: true })),
  on('ends-with-ci', c('email', 'STR_ENDS_WITH', ['@EXAMPLE.COM'], { case_insensitive: true })),
  on('num-eq', c('age', 'NUM_EQ', '18')),
  on('num-gt', c('age', 'NUM_GT', '18')),
  on('num-gte', c('age', 'NUM_GTE', '18')),
  on('num-lt', c('age', 'NUM_LT', '18.5')),
  on('num-lte-inverted', c('age', 'NUM_LTE', '18', { inverted: true })),
  on('num-bad-operand', c('age', 'NUM_EQ', 'eighteen')),
  on('date-after', c('current_time', 'DATE_AFTER', '2026-06-01T00:00:00Z')),
  on('date-before', c('current_time', 'DATE_BEFORE', '2026-06-01T00:00:00+02:00')),
  on('date-before-inverted', c('current_time', 'DATE_BEFORE', '2026-06-01T00:00:00Z', { inverted: true })),
  on('date-bad-operand-inverted', c('current_time', 'DATE_AFTER', 'soon', { inverted: true })),
  on('semver-eq', c('version', 'SEMVER_EQ', '1.2.3')),
  on('semver-gt', c('version', 'SEMVER_GT', '1.9.0')),
  on('semver-lt', c('version', 'SEMVER_LT', '2.0.0')),
  on('semver-lt-prerelease', c('version', 'SEMVER_LT', '2.0.0-beta.2')),
  on('semver-bad-operand-inverted', c('version', 'SEMVER_GT', 'one', { inverted: true })),
  on('workspace', c('workspace_id', 'IN', ['7c9e6679-7425-40de-944b-e07fc1f90ae7'])),
  on('remote-address', c('remote_address', 'STR_STARTS_WITH', ['10.'])),
  on('and-of-three', c('plan', 'IN', ['pro']), c('age', 'NUM_GTE', '18'), c('version', 'SEMVER_GT', '1.0.0')),
  // Strategies OR'ed; user lists; no strategies at all; disabled.
  flag('or-of-two', { strategies: [userIds(['u3']), defaultStrategy([c('plan', 'IN', ['free'])])] }),
  flag('no-strategies'),
  flag('disabled', { enabled: false, strategies: [defaultStrategy()] }),
  // Rollouts: each stickiness, a group id, 0 and 100.
  flag('rollout-default', { strategies: [rollout(50)] }),
  flag('rollout-user', { strategies: [rollout(30, { stickiness: 'user_id' })] }),
  flag('rollout-session', { strategies: [rollout(70, { stickiness: 'session_id' })] }),
  flag('rollout-workspace', { strategies: [rollout(50, { stickiness: 'workspace_id' })] }),
  flag('rollout-custom', { strategies: [rollout(50, { stickiness: 'plan' })] }),
  flag('rollout-group', { strategies: [rollout(25, { group_id: 'shared-experiment' })] }),
  flag('rollout-zero', { strategies: [rollout(0)] }),
  flag('rollout-full', { strategies: [rollout(100)] }),
  flag('rollout-constrained', { strategies: [rollout(60, { constraints: [c('country', 'IN', ['NO'])] })] }),
  // Variants: flag level with payloads of each type and stickiness; strategy level.
  flag('variants-flag', {
    strategies: [rollout(80)],
    variants: [
      variant('red', 300, { payload: { type: 'string', value: 'crimson' } }),
      variant('green', 0),
      variant('blue', 500, { payload: { type: 'json', value: '{"shade":"navy","depth":3}' } }),
      variant('gold', 200, { payload: { type: 'number', value: '24' } }),
    ],
  }),
  flag('variants-session', { variants: [variant('a', 1, { stickiness: 'session_id' }), variant('b', 1, { stickiness: 'session_id' })] }),
  flag('variants-custom', { variants: [variant('a', 10, { stickiness: 'plan' }), variant('b', 30, { stickiness: 'plan' })] }),
  flag('variants-strategy', {
    strategies: [
      rollout(100, { constraints: [c('country', 'IN', ['NO'])], variants: [variant('nordic-a', 50), variant('nordic-b', 50, { payload: { type: 'string', value: 'fjord' } })] }),
      defaultStrategy(),
    ],
    variants: [variant('flag-level', 100)],
  }),
  flag('variants-strategy-group', {
    strategies: [rollout(100, { group_id: 'g1', stickiness: 'user_id', variants: [variant('x', 1, { stickiness: 'user_id' }), variant('y', 3, { stickiness: 'user_id' })] })],
  }),
  // Dependencies (one level, as Unleash allows): on, off, variant, unknown parent.
  flag('needs-pro', { strategies: [defaultStrategy()], dependencies: [dependsOn('contains')] }),
  flag('needs-not-pro', { strategies: [defaultStrategy()], dependencies: [dependsOn('contains', { enabled: false })] }),
  flag('needs-blue', { dependencies: [dependsOn('variants-flag', { variants: ['blue', 'gold'] })] }),
  flag('needs-two', { dependencies: [dependsOn('rollout-default'), dependsOn('in-roles', { enabled: false })] }),
  flag('needs-missing', { dependencies: [dependsOn('no-such-flag', { enabled: false })] }),
];

const WORKSPACE = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

export const COMPAT_CONTEXTS: FlagEvaluationContext[] = [
  {},
  { user_id: 'u1' },
  { user_id: 'u2' },
  { user_id: ' u2 ' },
  { user_id: 'u3', properties: { plan: 'free', country: 'SE' } },
  { session_id: 's-19', properties: { plan: 'Pro' } },
  { user_id: '', session_id: 's-2', remote_address: '10.1.2.3' },
  { remote_address: '192.168.0.1', properties: { plan: '' } },
  { user_id: 'u4', roles: ['admin'], workspace_id: WORKSPACE, properties: { plan: 'pro', age: 18, version: '1.2.3', country: 'NO' } },
  { user_id: 'u5', roles: ['viewer'], properties: { plan: 'PRO', age: '18.0', version: '1.10.0', country: 'no', email: 'Ann@Example.com' } },
  { user_id: 'u6', properties: { plan: 'premium', age: 17.99, version: 'v1.2.3', email: 'bob@example.com' } },
  { user_id: 'u7', properties: { age: '', version: '2.0.0-beta.1', country: 'NO' } },
  { user_id: 'u8', properties: { age: true, version: '2.0.0', plan: ' pro ' } },
  { user_id: 'u9', current_time: '2026-05-31T23:00:00Z', properties: { age: -3 } },
  { user_id: 'u10', current_time: '2026-06-01T00:00:00Z', workspace_id: '0b5f4c1e-3a4b-4c5d-8e6f-7a8b9c0d1e2f' },
  { user_id: 'u11', current_time: '2026-06-01T00:00:01Z', session_id: 's-1' },
  { user_id: 'ærlig-ü', session_id: 'økt', properties: { plan: 'frø' } },
  ...Array.from({ length: 40 }, (_, index) => ({
    user_id: `user-${index * 7919}`,
    session_id: `session-${index}`,
    workspace_id: index % 2 === 0 ? WORKSPACE : undefined,
    properties: { plan: ['pro', 'free', 'team'][index % 3] as string, country: index % 4 === 0 ? 'NO' : 'DK', age: 10 + index },
  })),
];
