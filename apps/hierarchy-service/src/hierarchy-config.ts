import { z } from 'zod';
import { cursorConfigShape, type ConfigOf } from '@forecastin/lifecycle';
import { natsConfigShape } from '@forecastin/messaging';
import { postgresConfigShape } from '@forecastin/persistence';
import { redisConfigShape } from '@forecastin/cache';

const count = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** hierarchy-service's own variables (README "Configuration"), on top of the chassis and dependency shapes. */
export const hierarchyConfigShape = {
  ...postgresConfigShape,
  ...redisConfigShape,
  ...natsConfigShape,
  ...cursorConfigShape,
  /** Connections of the second pool, the one the cache misses' indexed reads use (`PreparedReadsPostgres`), on top of DB_POOL_MAX. */
  DB_READ_POOL_MAX: count(5, 1, 200),
  /** L1 (in-process LRU): entries (a node, or one list with its pages) and their time to live. */
  CACHE_L1_MAX_ENTRIES: count(50_000, 1, 10_000_000),
  CACHE_L1_TTL_MS: count(60_000, 1, 86_400_000),
  /** L2 (Redis): time to live, lengthened by up to CACHE_L2_JITTER_PERCENT so entries do not expire together. */
  CACHE_L2_TTL_MS: count(300_000, 1000, 86_400_000),
  CACHE_L2_JITTER_PERCENT: count(20, 0, 100),
  /** How long a read with ?consistency_token= waits for its event (API.md: at most 1 s). */
  CONSISTENCY_WAIT_MS: count(1000, 0, 1000),
  /** How long an applied event's row (consistency tokens, duplicate detection) is kept; at least the stream's retention. */
  APPLIED_EVENTS_RETENTION_HOURS: count(168, 1, 87_600),
  /**
   * Messages the read-model consumer pulls and applies per transaction. 1,000: with every statement
   * of a run of creates a keyed probe, 512 left the rate bound by the per-batch round of the service
   * (~4,000-4,200 events/s either way); 1,000 gave 5,234-5,459 (README "Performance").
   */
  PROJECTION_BATCH_SIZE: count(1000, 1, 1000),
};

export type HierarchyConfig = ConfigOf<typeof hierarchyConfigShape>;
