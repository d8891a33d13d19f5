import type { EvaluationContext } from './evaluation-context.types';

/** Reads one context field as Unleash does: a string, or undefined when absent (null/undefined). */
export type FieldReader = (context: EvaluationContext) => string | undefined;

/** Reads a multi-valued field (only `roles` today); undefined or empty when absent. */
export type ListReader = (context: EvaluationContext) => readonly string[] | undefined;

export type CompiledField = { readonly kind: 'single'; readonly read: FieldReader } | { readonly kind: 'list'; readonly read: ListReader };

const TOP_LEVEL_FIELDS = ['user_id', 'session_id', 'workspace_id', 'remote_address', 'current_time'] as const;
type TopLevelField = (typeof TOP_LEVEL_FIELDS)[number];
const PROPERTIES_PREFIX = 'properties.';

function isTopLevel(name: string): name is TopLevelField {
  return (TOP_LEVEL_FIELDS as readonly string[]).includes(name);
}

// Unleash's String(value): numbers and booleans compare as their text.
function asText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

/**
 * Own members only: a context parsed from request JSON is a plain object, and a field named
 * `constructor` or `toString` must read as absent, not as Object.prototype's function (unleash-client
 * reads inherited members here; that is a bug we do not copy).
 */
function propertyReader(property: string): FieldReader {
  return (context) => {
    const properties = context.properties;
    return properties !== undefined && Object.hasOwn(properties, property) ? asText(properties[property]) : undefined;
  };
}

/**
 * Compiles a constraint's or stickiness's `context_name` into a reader, once per definition.
 * Known fields fall back to a property of the same name, like unleash-client's
 * `context[field] ?? context.properties[field]`; `properties.<name>` and any other name read a property.
 */
export function compileField(name: string): CompiledField {
  if (name === 'roles') return { kind: 'list', read: (context) => context.roles };
  if (isTopLevel(name)) {
    const fallback = propertyReader(name);
    return { kind: 'single', read: (context) => asText(context[name]) ?? fallback(context) };
  }
  const property = name.startsWith(PROPERTIES_PREFIX) ? name.slice(PROPERTIES_PREFIX.length) : name;
  return { kind: 'single', read: propertyReader(property) };
}

/** A single-valued view of any field: a list reads as Unleash's String(array), comma-joined. */
export function compileSingleField(name: string): FieldReader {
  const field = compileField(name);
  if (field.kind === 'single') return field.read;
  const readList = field.read;
  return (context) => readList(context)?.join(',');
}
