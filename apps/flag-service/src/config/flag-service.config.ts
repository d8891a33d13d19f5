import { secret, type ConfigOf } from '@forecastin/lifecycle';
import { natsConfigShape } from '@forecastin/messaging';
import { postgresConfigShape } from '@forecastin/persistence';
import { z } from 'zod';

/** The cursor key a laptop runs with; production refuses it (see `secret()`). */
const DEV_CURSOR_SIGNING_KEY = 'forecastin-dev-cursor-signing-key-not-for-production';

export const flagServiceConfigShape = {
  ...postgresConfigShape,
  ...natsConfigShape,
  /** Signs pagination cursors (HMAC), so a tampered cursor is a 400, never a query. */
  CURSOR_SIGNING_KEY: secret({ devDefault: DEV_CURSOR_SIGNING_KEY, minLength: 32 }),
  /** How often each instance compares the stored revision with its snapshot (the fallback when events are missed). */
  FLAG_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
};

export type FlagServiceConfig = ConfigOf<typeof flagServiceConfigShape>;
