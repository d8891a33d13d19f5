// Our flag definitions and contexts in unleash-client's shapes, and an unleash-client that runs on
// them offline: the reference the flag engine is compared with (tests) and measured against (bench).
import { once } from 'node:events';
import type { EvaluableFlag, FlagConstraint, FlagEvaluationContext, FlagStrategy, FlagVariant } from '@forecastin/contracts';
import type { ClientFeaturesResponse, Context, Unleash } from 'unleash-client';

type UnleashFeature = ClientFeaturesResponse['features'][number];
type UnleashStrategy = NonNullable<UnleashFeature['strategies']>[number];
type UnleashConstraint = UnleashStrategy['constraints'][number];
type UnleashVariant = NonNullable<UnleashFeature['variants']>[number];

// Our snake_case context fields → the Unleash context's camelCase ones; custom names read properties.
const FIELD_NAMES: Readonly<Record<string, string>> = {
  user_id: 'userId',
  session_id: 'sessionId',
  remote_address: 'remoteAddress',
  current_time: 'currentTime',
};

function unleashFieldName(name: string): string {
  if (name.startsWith('properties.')) return name.slice('properties.'.length);
  return FIELD_NAMES[name] ?? name;
}

function toUnleashConstraint(constraint: FlagConstraint): UnleashConstraint {
  return {
    contextName: unleashFieldName(constraint.context_name),
    operator: constraint.operator as UnleashConstraint['operator'],
    inverted: constraint.inverted,
    caseInsensitive: constraint.case_insensitive,
    // The Unleash API always sends `values` (empty for single-value operators).
    values: constraint.values ?? [],
    ...(constraint.value === undefined ? {} : { value: constraint.value }),
  };
}

function toUnleashVariant(variant: FlagVariant): UnleashVariant {
  return {
    name: variant.name,
    weight: variant.weight,
    stickiness: unleashFieldName(variant.stickiness),
    ...(variant.payload ? { payload: { type: variant.payload.type as never, value: variant.payload.value } } : {}),
  };
}

/**
 * `group_id` (default: the flag key) goes on every strategy, as the Unleash server fills
 * `groupId` in: unleash-client hashes strategy variants with it whatever the strategy.
 */
function toUnleashStrategy(strategy: FlagStrategy, flagKey: string): UnleashStrategy {
  const common = {
    constraints: strategy.constraints.map(toUnleashConstraint),
    ...(strategy.variants ? { variants: strategy.variants.map(toUnleashVariant) } : {}),
  };
  switch (strategy.name) {
    case 'default':
      return { name: 'default', parameters: { groupId: flagKey }, ...common };
    case 'flexible_rollout':
      return {
        name: 'flexibleRollout',
        parameters: {
          rollout: String(strategy.parameters.rollout),
          stickiness: unleashFieldName(strategy.parameters.stickiness),
          groupId: strategy.parameters.group_id ?? flagKey,
        },
        ...common,
      };
    case 'user_ids':
      return { name: 'userWithId', parameters: { userIds: strategy.parameters.user_ids.join(','), groupId: flagKey }, ...common };
  }
}

/** A flag definition as an Unleash feature toggle (the format of its client API and bootstrap). */
export function toUnleashFeature(flag: EvaluableFlag): UnleashFeature {
  return {
    name: flag.key,
    enabled: flag.enabled,
    strategies: flag.strategies.map((strategy) => toUnleashStrategy(strategy, flag.key)),
    variants: flag.variants.map(toUnleashVariant),
    dependencies: flag.dependencies.map((dependency) => ({
      feature: dependency.flag_key,
      enabled: dependency.enabled,
      ...(dependency.variants ? { variants: [...dependency.variants] } : {}),
    })),
  };
}

/**
 * An evaluation context as an Unleash context. `roles` becomes the property `roles`, comma-joined
 * (Unleash has no list fields; with one role both read the same value); an empty list is left out.
 */
export function toUnleashContext(context: FlagEvaluationContext): Context {
  const properties: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(context.properties ?? {})) {
    // unleash-client String()s whatever it finds, so a boolean reads as 'true'/'false' on both sides.
    if (value !== undefined) properties[name] = value as string | number;
  }
  if (context.roles && context.roles.length > 0) properties['roles'] = context.roles.join(',');
  const unleashContext: Context = { properties };
  if (context.user_id !== undefined) unleashContext.userId = context.user_id;
  if (context.session_id !== undefined) unleashContext.sessionId = context.session_id;
  if (context.remote_address !== undefined) unleashContext.remoteAddress = context.remote_address;
  if (context.workspace_id !== undefined) unleashContext['workspace_id'] = context.workspace_id;
  // Typed as a Date by unleash-client; its date operators run `new Date(currentTime)`, so the RFC 3339 text works as well.
  if (context.current_time !== undefined) unleashContext.currentTime = context.current_time as unknown as Date;
  return unleashContext;
}

/**
 * An unleash-client bootstrapped with `flags` and nothing else: metrics off, an in-memory store,
 * one fetch from a closed local port (refused at once, its error swallowed) and no polling.
 * Call `destroy()` when done.
 */
export async function startOfflineUnleash(flags: readonly EvaluableFlag[]): Promise<Unleash> {
  const { InMemStorageProvider, Unleash: UnleashClient } = await import('unleash-client');
  const unleash = new UnleashClient({
    appName: 'forecastin-flag-reference',
    url: 'http://127.0.0.1:9/api/',
    disableMetrics: true,
    disableAutoStart: true,
    refreshInterval: 0,
    skipInstanceCountWarning: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: { data: flags.map(toUnleashFeature) },
  });
  unleash.on('error', () => undefined);
  unleash.on('warn', () => undefined);
  // It answers only once ready, which it announces on a later tick than the bootstrap load.
  const ready = once(unleash, 'ready');
  await unleash.start();
  await ready;
  const missing = flags.find((flag) => !unleash.getFeatureToggleDefinition(flag.key));
  if (missing) {
    unleash.destroy();
    throw new Error(`unleash-client did not load the bootstrapped flag ${missing.key}`);
  }
  return unleash;
}
