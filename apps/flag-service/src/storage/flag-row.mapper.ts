import { rolloutPercentageOf, type Flag, type FlagDefinition, type FlagDependency, type FlagStrategy, type FlagType, type FlagVariant } from '@forecastin/contracts';

/** A `flag.flags` row as pg returns it (jsonb parsed, timestamptz as Date). */
export interface FlagRow {
  key: string;
  description: string;
  type: FlagType;
  enabled: boolean;
  strategies: FlagStrategy[];
  variants: FlagVariant[];
  dependencies: FlagDependency[];
  tags: string[];
  version: number;
  updated_by: string;
  updated_at: Date;
}

export const FLAG_COLUMNS = 'key, description, type, enabled, strategies, variants, dependencies, tags, version, updated_by, updated_at';

/** The API resource: the row plus the derived, read-only `rollout_percentage`. */
export function toFlag(row: FlagRow): Flag {
  return {
    key: row.key,
    ...definitionOf(row),
    rollout_percentage: rolloutPercentageOf(row.strategies),
    version: row.version,
    updated_by: row.updated_by,
    updated_at: row.updated_at.toISOString(),
  };
}

/** The writable part of a stored flag: what a replace, patch or kill starts from, and what audit diffs compare. */
export function definitionOf(row: FlagRow): FlagDefinition {
  return {
    description: row.description,
    type: row.type,
    enabled: row.enabled,
    strategies: row.strategies,
    variants: row.variants,
    dependencies: row.dependencies,
    tags: row.tags,
  };
}
