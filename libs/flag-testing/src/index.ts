// Public API of @forecastin/flag-testing: helpers for tests and benchmarks of feature flags. No Jest
// globals in here, so tools (tools/bench) can import it as well as specs.
export { constraint, defaultStrategy, dependsOn, flag, rollout, userIds, variant } from './flag-definition.builders';
export { constraintArb, contextArb, flagSetArb, variantsArb } from './flag.arbitraries';
export { startOfflineUnleash, toUnleashContext, toUnleashFeature } from './unleash-reference';
