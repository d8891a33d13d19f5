// What `npm run bench -- flags` evaluates: the flag of issue 6's benchmark (a percentage rollout,
// three constraints and variants with payloads) among ordinary neighbours, and a spread of contexts
// of which some pass the constraints and some do not.
import type { EvaluableFlag, FlagEvaluationContext } from '@forecastin/contracts';

export const BENCH_FLAG_KEY = 'checkout.new-flow';

const benchFlag: EvaluableFlag = {
  key: BENCH_FLAG_KEY,
  enabled: true,
  strategies: [
    {
      name: 'flexible_rollout',
      parameters: { rollout: 60, stickiness: 'default', group_id: BENCH_FLAG_KEY },
      constraints: [
        { context_name: 'country', operator: 'IN', values: ['NO', 'SE', 'DK', 'FI', 'IS'], inverted: false, case_insensitive: false },
        { context_name: 'age', operator: 'NUM_GTE', value: '18', inverted: false, case_insensitive: false },
        { context_name: 'app_version', operator: 'SEMVER_GT', value: '2.3.0', inverted: false, case_insensitive: false },
      ],
    },
  ],
  variants: [
    { name: 'control', weight: 500, stickiness: 'default', payload: { type: 'string', value: 'classic' } },
    { name: 'one-page', weight: 300, stickiness: 'default', payload: { type: 'json', value: '{"steps":1,"express":true}' } },
    { name: 'wizard', weight: 200, stickiness: 'default', payload: { type: 'number', value: '3' } },
  ],
  dependencies: [],
};

/** Other flags in the same set, so neither engine is measured on a one-entry lookup. */
function neighbour(index: number): EvaluableFlag {
  return {
    key: `neighbour-${index}`,
    enabled: index % 5 !== 0,
    strategies: [{ name: 'flexible_rollout', parameters: { rollout: (index * 7) % 100, stickiness: 'default' }, constraints: [] }],
    variants: [],
    dependencies: [],
  };
}

export const BENCH_FLAGS: readonly EvaluableFlag[] = [benchFlag, ...Array.from({ length: 49 }, (_, index) => neighbour(index))];

const COUNTRIES = ['NO', 'SE', 'DK', 'DE', 'FR', 'FI', 'US', 'IS'];
const VERSIONS = ['2.2.9', '2.3.0', '2.3.1', '2.10.0', '3.0.0-beta.2', '3.1.4'];

/** 1,000 contexts, deterministic: users, sessions, a workspace, and the properties the constraints read. */
export const BENCH_CONTEXTS: readonly FlagEvaluationContext[] = Array.from({ length: 1000 }, (_, index) => ({
  user_id: `user-${(index * 2_654_435_761) % 1_000_003}`,
  session_id: `session-${index}`,
  workspace_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  roles: ['viewer'],
  properties: {
    country: COUNTRIES[index % COUNTRIES.length] as string,
    age: 14 + (index % 40),
    app_version: VERSIONS[index % VERSIONS.length] as string,
  },
}));
