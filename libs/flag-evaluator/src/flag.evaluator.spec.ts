import { constraint as c, defaultStrategy, dependsOn, flag, rollout, userIds, variant } from '@forecastin/flag-testing';
import { MAX_DEPENDENCY_DEPTH } from './dependency.graph';
import { evaluateFlag, FlagEvaluator } from './flag.evaluator';

describe('FlagEvaluator reasons', () => {
  const evaluator = FlagEvaluator.compile([
    flag('off', { enabled: false, strategies: [defaultStrategy()] }),
    flag('no-strategies'),
    flag('everyone', { strategies: [defaultStrategy()] }),
    flag('everyone-by-rollout', { strategies: [rollout(100)] }),
    flag('full-rollout-needs-plan', { strategies: [rollout(100, { stickiness: 'plan' })] }),
    flag('admins', { strategies: [defaultStrategy([c('roles', 'IN', ['admin'])])] }),
    flag('listed', { strategies: [userIds(['ann'])] }),
    flag('half', { strategies: [rollout(50, { stickiness: 'user_id' })] }),
    flag('zero', { strategies: [rollout(0)] }),
    flag('ab', { strategies: [defaultStrategy()], variants: [variant('a', 1), variant('b', 1)] }),
    flag('single-variant', { strategies: [userIds(['ann'])], variants: [variant('only', 1), variant('never', 0)] }),
  ]);

  it.each([
    ['off', {}, false, 'DISABLED'],
    ['no-strategies', {}, true, 'STATIC'],
    ['everyone', {}, true, 'STATIC'],
    ['everyone-by-rollout', {}, true, 'STATIC'],
    ['full-rollout-needs-plan', { properties: { plan: 'pro' } }, true, 'TARGETING_MATCH'],
    ['full-rollout-needs-plan', {}, false, 'DEFAULT'],
    ['admins', { roles: ['viewer', 'admin'] }, true, 'TARGETING_MATCH'],
    ['admins', { roles: ['viewer'] }, false, 'DEFAULT'],
    ['listed', { user_id: 'ann' }, true, 'TARGETING_MATCH'],
    ['listed', { user_id: 'bob' }, false, 'DEFAULT'],
    ['zero', { user_id: 'ann' }, false, 'DEFAULT'],
    ['single-variant', { user_id: 'ann' }, true, 'TARGETING_MATCH'],
  ])('%s for %j → enabled %s, %s', (key, context, enabled, reason) => {
    expect(evaluator.evaluate(key, context)).toMatchObject({ key, enabled, reason });
  });

  it('answers SPLIT on both sides of a partial rollout', () => {
    const reasons = new Set(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'].map((user_id) => `${evaluator.evaluate('half', { user_id }).enabled}:${evaluator.evaluate('half', { user_id }).reason}`));
    expect(reasons).toEqual(new Set(['true:SPLIT', 'false:SPLIT']));
  });

  it('answers SPLIT for a variant picked among several by weight, with the variant as the value', () => {
    expect(evaluator.evaluate('ab', { user_id: 'ann' })).toEqual({ key: 'ab', enabled: true, value: expect.stringMatching(/^[ab]$/), variant: expect.stringMatching(/^[ab]$/), reason: 'SPLIT' });
  });

  it('answers an unknown key with ERROR / FLAG_NOT_FOUND, off', () => {
    expect(evaluator.evaluate('nope', {})).toEqual({ key: 'nope', enabled: false, value: false, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });
});

describe('FlagEvaluator values', () => {
  it('decodes payloads by type (json frozen and shared), and falls back to the variant name', () => {
    const evaluator = FlagEvaluator.compile([
      flag('json', { variants: [variant('cfg', 1, { payload: { type: 'json', value: '{"limit":5,"tags":["a"]}' } })] }),
      flag('number', { variants: [variant('n', 1, { payload: { type: 'number', value: '-2.5' } })] }),
      flag('string', { variants: [variant('s', 1, { payload: { type: 'string', value: 'hello' } })] }),
      flag('bare', { variants: [variant('blue', 1)] }),
    ]);
    const json = evaluator.evaluate('json', { user_id: 'ann' });
    expect(json).toMatchObject({ value: { limit: 5, tags: ['a'] }, variant: 'cfg', payload: { type: 'json', value: '{"limit":5,"tags":["a"]}' }, reason: 'STATIC' });
    expect(Object.isFrozen(json.value)).toBe(true);
    expect(evaluator.evaluate('json', { user_id: 'bob' }).value).toBe(json.value);
    expect(evaluator.evaluate('number', {}).value).toBe(-2.5);
    expect(evaluator.evaluate('string', {}).value).toBe('hello');
    expect(evaluator.evaluate('bare', {}).value).toBe('blue');
  });

  it('answers ERROR / PARSE_ERROR, value false, for a picked payload that does not decode', () => {
    const evaluator = FlagEvaluator.compile([
      flag('bad-json', { variants: [variant('x', 1, { payload: { type: 'json', value: '{oops' } })] }),
      flag('bad-number', { variants: [variant('y', 1, { payload: { type: 'number', value: ' ' } })] }),
    ]);
    expect(evaluator.evaluate('bad-json', {})).toEqual({ key: 'bad-json', enabled: true, value: false, variant: 'x', payload: { type: 'json', value: '{oops' }, reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    expect(evaluator.evaluate('bad-number', {})).toMatchObject({ reason: 'ERROR', errorCode: 'PARSE_ERROR', value: false });
  });

  it('prefers the matching strategy\'s variants over the flag\'s', () => {
    const evaluator = FlagEvaluator.compile([
      flag('layered', {
        strategies: [defaultStrategy([c('country', 'IN', ['NO'])], [variant('nordic', 1)]), defaultStrategy()],
        variants: [variant('global', 1)],
      }),
    ]);
    expect(evaluator.evaluate('layered', { properties: { country: 'NO' } }).variant).toBe('nordic');
    expect(evaluator.evaluate('layered', { properties: { country: 'DK' } }).variant).toBe('global');
  });

  it('uses the injected random source for random and missing default stickiness', () => {
    const pick = (random: number) =>
      FlagEvaluator.compile([flag('r', { strategies: [rollout(50, { stickiness: 'random' })], variants: [variant('a', 1), variant('b', 1)] })], { random: () => random }).evaluate('r', {});
    const answers = new Set([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99].map((random) => `${pick(random).enabled}/${pick(random).variant}`));
    expect(answers.size).toBeGreaterThan(2);
    expect(pick(0.123)).toEqual(pick(0.123));
  });
});

describe('FlagEvaluator constraints beyond Unleash\'s single-valued fields', () => {
  const evaluator = FlagEvaluator.compile([
    flag('no-admins', { strategies: [defaultStrategy([c('roles', 'IN', ['admin'], { inverted: true })])] }),
    flag('role-prefix', { strategies: [defaultStrategy([c('roles', 'STR_STARTS_WITH', ['ANA'], { case_insensitive: true })])] }),
    flag('not-viewer', { strategies: [defaultStrategy([c('roles', 'NOT_IN', ['viewer'])])] }),
  ]);

  it.each([
    ['no-admins', [], true],
    ['no-admins', ['viewer'], true],
    ['no-admins', ['viewer', 'admin'], false],
    ['role-prefix', ['viewer', 'analyst'], true],
    ['role-prefix', ['viewer'], false],
    ['not-viewer', [], true],
    ['not-viewer', ['admin', 'viewer'], true],
    ['not-viewer', ['viewer'], false],
  ])('%s with roles %j → %s (any one role satisfies the operator)', (key, roles, enabled) => {
    expect(evaluator.evaluate(key, { roles }).enabled).toBe(enabled);
  });
});

describe('FlagEvaluator dependencies', () => {
  it('follows chains of dependencies (Unleash allows one level; our definitions may chain)', () => {
    const evaluator = FlagEvaluator.compile([
      flag('base', { strategies: [defaultStrategy([c('plan', 'IN', ['pro'])])] }),
      flag('middle', { dependencies: [dependsOn('base')] }),
      flag('top', { dependencies: [dependsOn('middle')] }),
      flag('for-others', { dependencies: [dependsOn('middle', { enabled: false })] }),
    ]);
    expect(evaluator.evaluate('top', { properties: { plan: 'pro' } })).toMatchObject({ enabled: true, reason: 'STATIC' });
    expect(evaluator.evaluate('top', { properties: { plan: 'free' } })).toMatchObject({ enabled: false, reason: 'DEFAULT' });
    expect(evaluator.evaluate('for-others', { properties: { plan: 'free' } }).enabled).toBe(true);
    expect(evaluator.evaluate('for-others', { properties: { plan: 'pro' } }).enabled).toBe(false);
  });

  it('turns off every flag on a cycle, and one that needs a missing flag, without looping', () => {
    const evaluator = FlagEvaluator.compile([
      flag('self', { dependencies: [dependsOn('self')] }),
      flag('ping', { dependencies: [dependsOn('pong')] }),
      flag('pong', { dependencies: [dependsOn('ping', { enabled: false })] }),
      flag('orphan', { dependencies: [dependsOn('deleted-parent', { enabled: false })] }),
      flag('downstream', { dependencies: [dependsOn('ping', { enabled: false })] }),
    ]);
    for (const key of ['self', 'ping', 'pong', 'orphan']) expect(evaluator.evaluate(key, {})).toMatchObject({ enabled: false, reason: 'DEFAULT' });
    expect(evaluator.evaluate('downstream', {}).enabled).toBe(true);
  });

  it('compiles a long chain without exhausting the stack; flags past MAX_DEPENDENCY_DEPTH levels are off', () => {
    const length = 20_000;
    const chain = Array.from({ length }, (_, index) => flag(`c${index}`, { dependencies: index === 0 ? [] : [dependsOn(`c${index - 1}`)] }));
    const evaluator = FlagEvaluator.compile([...chain, flag('loop-a', { dependencies: [dependsOn(`c${length - 1}`), dependsOn('loop-b')] }), flag('loop-b', { dependencies: [dependsOn('loop-a')] })]);
    expect(evaluator.evaluate(`c${MAX_DEPENDENCY_DEPTH}`, {}).enabled).toBe(true);
    expect(evaluator.evaluate(`c${MAX_DEPENDENCY_DEPTH + 1}`, {})).toMatchObject({ enabled: false, reason: 'DEFAULT' });
    expect(evaluator.evaluate(`c${length - 1}`, {}).enabled).toBe(false);
    expect(evaluator.evaluate('loop-a', {}).enabled).toBe(false);
  });

  it('requires a parent variant when the dependency names variants', () => {
    const evaluator = FlagEvaluator.compile([
      flag('theme', { strategies: [defaultStrategy([c('plan', 'IN', ['pro'])], [variant('dark', 1, { stickiness: 'plan' })])] }),
      flag('needs-dark', { dependencies: [dependsOn('theme', { variants: ['dark'] })] }),
      flag('needs-plain', { dependencies: [dependsOn('theme', { variants: ['disabled'] })] }),
    ]);
    expect(evaluator.evaluate('needs-dark', { properties: { plan: 'pro' } }).enabled).toBe(true);
    expect(evaluator.evaluate('needs-dark', { properties: { plan: 'free' } }).enabled).toBe(false);
    // A parent that is off has no variant to offer, even Unleash's "disabled".
    expect(evaluator.evaluate('needs-plain', { properties: { plan: 'free' } }).enabled).toBe(false);
  });

  it('evaluates a random-stickiness parent once per evaluation, so bulk answers agree', () => {
    let draws = 0;
    const random = () => (draws++ % 2 === 0 ? 0.01 : 0.99);
    const evaluator = FlagEvaluator.compile(
      [flag('coin', { strategies: [rollout(50, { stickiness: 'random' })] }), flag('heads', { dependencies: [dependsOn('coin')] }), flag('tails', { dependencies: [dependsOn('coin', { enabled: false })] })],
      { random },
    );
    for (let round = 0; round < 20; round += 1) {
      const answers = new Map(evaluator.evaluateAll({}).map((result) => [result.key, result.enabled]));
      expect(answers.get('heads')).toBe(answers.get('coin'));
      expect(answers.get('tails')).toBe(!answers.get('coin'));
    }
  });
});

describe('evaluateFlag', () => {
  it('evaluates one definition against the flags it may depend on', () => {
    const parent = flag('parent', { enabled: false });
    const child = flag('child', { dependencies: [dependsOn('parent', { enabled: false })] });
    expect(evaluateFlag(child, {}, { parent })).toMatchObject({ key: 'child', enabled: true, reason: 'STATIC' });
    expect(evaluateFlag(child, {}, new Map([['parent', { ...parent, enabled: true }]])).enabled).toBe(false);
    expect(evaluateFlag(child, {}).enabled).toBe(false);
  });
});

describe('context properties are own members only', () => {
  // A context comes from request JSON (OFREP): a plain object, so `properties.constructor` would
  // otherwise read Object.prototype's function ("function Object() { [native code] }").
  const evaluator = FlagEvaluator.compile([
    flag('inherited-contains', { strategies: [defaultStrategy([c('constructor', 'STR_CONTAINS', ['function'])])] }),
    flag('inherited-starts-with', { strategies: [defaultStrategy([c('valueOf', 'STR_STARTS_WITH', ['function'])])] }),
    flag('inherited-stickiness', { strategies: [rollout(100, { stickiness: 'hasOwnProperty' })] }),
  ]);

  it.each([['inherited-contains'], ['inherited-starts-with'], ['inherited-stickiness']])('%s: a field named like an Object.prototype member is absent unless sent', (key) => {
    expect(evaluator.evaluate(key, { properties: {} })).toMatchObject({ enabled: false, reason: 'DEFAULT' });
    expect(evaluator.evaluate(key, {})).toMatchObject({ enabled: false, reason: 'DEFAULT' });
  });

  it('reads such a field when the context does send it', () => {
    expect(evaluator.evaluate('inherited-contains', { properties: { constructor: 'my function' } })).toMatchObject({ enabled: true });
    expect(evaluator.evaluate('inherited-stickiness', { properties: { hasOwnProperty: 'x' } })).toMatchObject({ enabled: true });
  });
});
