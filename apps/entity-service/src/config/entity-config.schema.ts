import { cursorConfigShape, type ConfigOf } from '@forecastin/lifecycle';
import { natsConfigShape } from '@forecastin/messaging';
import { postgresConfigShape } from '@forecastin/persistence';
import { z } from 'zod';

/** entity-service's configuration: Postgres, NATS and its own variables. */
export const entityConfigShape = {
  ...postgresConfigShape,
  ...natsConfigShape,
  ...cursorConfigShape,
  /** How long a create's Idempotency-Key replays its first answer; after that the key is free again. */
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
};

export type EntityServiceConfig = ConfigOf<typeof entityConfigShape>;
