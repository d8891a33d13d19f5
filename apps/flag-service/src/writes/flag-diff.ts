import { isDeepStrictEqual } from 'node:util';
import type { FlagDefinition } from '@forecastin/contracts';

export type FlagDiff = Record<string, { from?: unknown; to?: unknown }>;

const AUDITED_FIELDS = ['description', 'type', 'enabled', 'strategies', 'variants', 'dependencies', 'tags'] as const satisfies ReadonlyArray<keyof FlagDefinition>;

/**
 * The audit diff of API.md ("who changed what"): each changed field as `{from, to}`; `from` is
 * absent for a created flag (`before` undefined), `to` for a deleted one (`after` undefined).
 */
export function diffFlags(before: FlagDefinition | undefined, after: FlagDefinition | undefined): FlagDiff {
  const diff: FlagDiff = {};
  for (const field of AUDITED_FIELDS) {
    const from = before?.[field];
    const to = after?.[field];
    if (before && after && isDeepStrictEqual(from, to)) continue;
    diff[field] = { ...(before ? { from } : {}), ...(after ? { to } : {}) };
  }
  return diff;
}
