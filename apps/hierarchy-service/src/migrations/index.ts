import type { MigrationClass } from '@forecastin/persistence';
import { BaselineTenancy1795323341051 } from './baseline-tenancy.migration';
import { PathStatistics1795500000000 } from './path-statistics.migration';
import { ReadModel1795400000000 } from './read-model.migration';

/** Every migration of the `hierarchy` schema, oldest first. Append new ones; never reorder or edit applied ones. */
export const migrations: readonly MigrationClass[] = [BaselineTenancy1795323341051, ReadModel1795400000000, PathStatistics1795500000000];
