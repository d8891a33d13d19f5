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
  /**
   * Lifetime of a snapshot opened by `rpc.entity.snapshot_open` (its exported transaction holds back
   * vacuum while open): closed at this age at the latest, whether or not it was closed by its caller.
   */
  ENTITY_SNAPSHOT_TTL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(600_000),
  /** Snapshots one instance holds open at once (each is one Postgres connection outside the pool). */
  ENTITY_SNAPSHOT_MAX_OPEN: z.coerce.number().int().min(1).max(16).default(2),
};

export type EntityServiceConfig = ConfigOf<typeof entityConfigShape>;
