import type { MigrationClass } from '@forecastin/persistence';
import { BaselineTenancy1795323339972 } from './baseline-tenancy.migration';
import { CreateEntities1795333500000 } from './create-entities.migration';
import { CreateOutbox1795333600000 } from './create-outbox.migration';
import { IdempotencyKeyExpiry1795333700000 } from './idempotency-key-expiry.migration';
import { OutboxNotifyAfterCommit1795333800000 } from './outbox-notify-after-commit.migration';

/** Every migration of the `entity` schema, oldest first. Append new ones; never reorder or edit applied ones. */
export const migrations: readonly MigrationClass[] = [
  BaselineTenancy1795323339972,
  CreateEntities1795333500000,
  CreateOutbox1795333600000,
  IdempotencyKeyExpiry1795333700000,
  OutboxNotifyAfterCommit1795333800000,
];
