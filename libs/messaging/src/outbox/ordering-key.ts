/**
 * The payload field naming each aggregate of API.md's events, in the order they are looked for.
 * (hierarchy_invalidation has none: it falls back to its subject, i.e. one order per workspace.)
 */
const AGGREGATE_ID_FIELDS = [
  ['entity_id', 'entity'],
  ['scenario_id', 'scenario'],
  ['flag_key', 'flag'],
] as const;

/**
 * The key whose rows the relay keeps in order: `entity:<id>`, `scenario:<id>`, `flag:<key>`, else
 * the subject (conservative: everything on one subject stays in order). Producers with another
 * notion of aggregate pass `orderingKey` to `enqueueEvent()` instead.
 */
export function defaultOrderingKey(event: Readonly<Record<string, unknown>>, subject: string): string {
  for (const [field, aggregate] of AGGREGATE_ID_FIELDS) {
    const value = event[field];
    if (typeof value === 'string' && value.length > 0) return `${aggregate}:${value}`;
  }
  return subject;
}
