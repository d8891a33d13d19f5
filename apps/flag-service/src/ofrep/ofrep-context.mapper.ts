import type { ForwardedIdentity, OfrepContext } from '@forecastin/contracts';
import type { EvaluationContext } from '@forecastin/flag-evaluator';

type Scalar = string | number | boolean;

const TYPED_FIELDS: ReadonlySet<string> = new Set(['targetingKey', 'user_id', 'session_id', 'workspace_id', 'roles', 'remote_address', 'current_time', 'properties']);

/**
 * OFREP context → engine context (API.md "Feature flags"): `targetingKey` is the user id; the
 * caller's verified `sub`, `workspace_id` and roles fill what the request leaves out; any other
 * top-level field is a custom property (OpenFeature contexts are flat), `properties` entries win.
 */
export function toEvaluationContext(context: OfrepContext, identity: ForwardedIdentity): EvaluationContext {
  const properties: Record<string, Scalar> = {};
  for (const [name, value] of Object.entries(context)) {
    if (!TYPED_FIELDS.has(name)) properties[name] = value as Scalar; // the schema admitted only scalars here
  }
  Object.assign(properties, context.properties);
  return {
    user_id: context.targetingKey ?? context.user_id ?? identity.sub,
    session_id: context.session_id,
    workspace_id: context.workspace_id ?? identity.workspace_id,
    roles: context.roles ?? identity.roles,
    remote_address: context.remote_address,
    current_time: context.current_time,
    properties,
  };
}
