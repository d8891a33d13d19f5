/** The flag the single-flag evaluation hammers: a rollout behind three constraints, with variants. */
export const BENCH_FLAG_KEY = 'bench.checkout';

export function ofrepBenchFlags(): Array<Record<string, unknown>> {
  const main = {
    key: BENCH_FLAG_KEY,
    enabled: true,
    type: 'experiment',
    strategies: [
      {
        name: 'flexible_rollout',
        parameters: { rollout: 60, stickiness: 'default' },
        constraints: [
          { context_name: 'plan', operator: 'IN', values: ['pro', 'team'] },
          { context_name: 'seats', operator: 'NUM_GTE', value: '5' },
          { context_name: 'appVersion', operator: 'SEMVER_GT', value: '2.0.0' },
        ],
      },
    ],
    variants: [
      { name: 'control', weight: 500, payload: { type: 'string', value: 'control' } },
      { name: 'compact', weight: 300, payload: { type: 'json', value: '{"columns":2}' } },
      { name: 'roomy', weight: 200, payload: { type: 'number', value: '3' } },
    ],
  };
  const others = Array.from({ length: 49 }, (_, index) => ({
    key: `bench.other-${index}`,
    enabled: index % 3 !== 0,
    strategies: index % 2 === 0 ? [{ name: 'flexible_rollout', parameters: { rollout: (index * 7) % 101, stickiness: 'default' } }] : [],
  }));
  return [main, ...others];
}

/**
 * wrk Lua: POSTs an OFREP body whose targetingKey cycles through 1,000 users, so the rollout and
 * the variant split take every path (and no cache in front could answer for them).
 */
export function ofrepRequestScript(): string {
  return [
    'wrk.method = "POST"',
    'wrk.headers["Content-Type"] = "application/json"',
    'local i = 0',
    'request = function()',
    '  i = i + 1',
    `  return wrk.format(nil, nil, nil, '{"context":{"targetingKey":"user-' .. (i % 1000) .. '","plan":"pro","seats":12,"appVersion":"2.4.1"}}')`,
    'end',
    '',
  ].join('\n');
}
