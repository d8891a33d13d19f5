import { secret } from './secret';

/** The cursor key a laptop runs with; production refuses it (see `secret()`). */
export const DEV_CURSOR_SIGNING_KEY = 'forecastin-dev-cursor-signing-key-not-for-production';

/**
 * For services that page their lists: the HMAC key of their cursors (`encodeCursor` in
 * libs/contracts), so a tampered cursor is a 400 and never reaches a query. Each service has its
 * own (the `<service>-cursor` Secret in deploy/); rotating it turns outstanding cursors into 400s.
 */
export const cursorConfigShape = {
  CURSOR_SIGNING_KEY: secret({ devDefault: DEV_CURSOR_SIGNING_KEY, minLength: 32 }),
};
