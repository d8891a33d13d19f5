import fc from 'fast-check';
import { constraint, defaultStrategy, dependsOn, flag, rollout, userIds, variant } from './flag-definition.builders';
import { flagSetArb } from './flag.arbitraries';
import { startOfflineUnleash, toUnleashContext, toUnleashFeature } from './unleash-reference';

describe('the unleash-client reference', () => {
  it('maps a definition to Unleash field names, filling groupId in as the Unleash server does', () => {
    const definition = flag('f', {
      strategies: [
        rollout(30, { stickiness: 'session_id', constraints: [constraint('properties.plan', 'IN', ['pro']), constraint('user_id', 'NUM_GT', '3', { inverted: true })] }),
        userIds(['a', 'b']),
        defaultStrategy([], [variant('v', 1, { stickiness: 'remote_address' })]),
      ],
      variants: [variant('x', 5, { payload: { type: 'json', value: '{}' } })],
      dependencies: [dependsOn('p', { variants: ['x'] })],
    });
    expect(toUnleashFeature(definition)).toEqual({
      name: 'f',
      enabled: true,
      strategies: [
        {
          name: 'flexibleRollout',
          parameters: { rollout: '30', stickiness: 'sessionId', groupId: 'f' },
          constraints: [
            { contextName: 'plan', operator: 'IN', inverted: false, caseInsensitive: false, values: ['pro'] },
            { contextName: 'userId', operator: 'NUM_GT', inverted: true, caseInsensitive: false, values: [], value: '3' },
          ],
        },
        { name: 'userWithId', parameters: { userIds: 'a,b', groupId: 'f' }, constraints: [] },
        { name: 'default', parameters: { groupId: 'f' }, constraints: [], variants: [{ name: 'v', weight: 1, stickiness: 'remoteAddress' }] },
      ],
      variants: [{ name: 'x', weight: 5, stickiness: 'default', payload: { type: 'json', value: '{}' } }],
      dependencies: [{ feature: 'p', enabled: true, variants: ['x'] }],
    });
  });

  it('maps a context, leaving out what is absent and joining roles', () => {
    expect(toUnleashContext({ user_id: 'u', workspace_id: 'w', roles: ['admin'], current_time: '2026-01-01T00:00:00Z', properties: { plan: 'pro', seats: 3 } })).toEqual({
      userId: 'u',
      workspace_id: 'w',
      currentTime: '2026-01-01T00:00:00Z',
      properties: { plan: 'pro', seats: 3, roles: 'admin' },
    });
    expect(toUnleashContext({ roles: [] })).toEqual({ properties: {} });
  });

  it('flag sets only depend on flags without dependencies of their own (the one level Unleash allows)', () => {
    fc.assert(
      fc.property(flagSetArb, (flags) => {
        const byKey = new Map(flags.map((definition) => [definition.key, definition]));
        for (const definition of flags) {
          for (const dependency of definition.dependencies) expect(byKey.get(dependency.flag_key)?.dependencies ?? []).toEqual([]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('starts an unleash-client offline that answers from the bootstrapped flags', async () => {
    const unleash = await startOfflineUnleash([flag('on', { strategies: [defaultStrategy()] }), flag('off', { enabled: false })]);
    try {
      expect(unleash.isEnabled('on', {})).toBe(true);
      expect(unleash.isEnabled('off', {})).toBe(false);
    } finally {
      unleash.destroy();
    }
  });
});
