import type { MigrationClass } from '@forecastin/persistence';
import { BaselineTenancy1795323341941 } from './baseline-tenancy.migration';

/** Every migration of the `scenario` schema, oldest first. Append new ones; never reorder or edit applied ones. */
export const migrations: readonly MigrationClass[] = [BaselineTenancy1795323341941];
