import type { MigrationClass } from '@forecastin/persistence';
import { BaselineTenancy1795323342826 } from './baseline-tenancy.migration';
import { CreateFlagOutbox1795400000001 } from './create-flag-outbox.migration';
import { CreateFlags1795400000000 } from './create-flags.migration';
import { CreateIdempotencyKeys1795400000002 } from './create-idempotency-keys.migration';

/** Every migration of the `flag` schema, oldest first. Append new ones; never reorder or edit applied ones. */
export const migrations: readonly MigrationClass[] = [
  BaselineTenancy1795323342826,
  CreateFlags1795400000000,
  CreateFlagOutbox1795400000001,
  CreateIdempotencyKeys1795400000002,
];
