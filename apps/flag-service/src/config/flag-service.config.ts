import { cursorConfigShape, type ConfigOf } from '@forecastin/lifecycle';
import { natsConfigShape } from '@forecastin/messaging';
import { postgresConfigShape } from '@forecastin/persistence';
import { z } from 'zod';

export const flagServiceConfigShape = {
  ...postgresConfigShape,
  ...natsConfigShape,
  ...cursorConfigShape,
  /** How often each instance compares the stored revision with its snapshot (the fallback when events are missed). */
  FLAG_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
};

export type FlagServiceConfig = ConfigOf<typeof flagServiceConfigShape>;
