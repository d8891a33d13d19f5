import { secret, type ConfigOf } from '@forecastin/lifecycle';
import { natsConfigShape } from '@forecastin/messaging';
import { postgresConfigShape } from '@forecastin/persistence';
import { z } from 'zod';

/** Development key for list cursors; production refuses it (see `secret()`). */
const DEV_CURSOR_SIGNING_KEY = 'forecastin-dev-entity-cursor-key-not-for-production';

/** entity-service's configuration: Postgres, NATS and its own variables. */
export const entityConfigShape = {
  ...postgresConfigShape,
  ...natsConfigShape,
  /** HMAC key of list cursors: a tampered cursor is a 400, never a query on forged input. */
  CURSOR_SIGNING_KEY: secret({ devDefault: DEV_CURSOR_SIGNING_KEY, minLength: 32 }),
  /** How long a create's Idempotency-Key replays its first answer; after that the key is free again. */
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
};

export type EntityServiceConfig = ConfigOf<typeof entityConfigShape>;
