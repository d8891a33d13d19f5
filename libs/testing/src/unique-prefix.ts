import { randomToken, sanitizeLabel } from './database-name';

/**
 * `t_<label>_<random>`: lowercase letters, digits and underscores only, so the same string is a
 * valid NATS subject token, JetStream stream/consumer name, Redis key segment and SQL identifier.
 */
export function uniqueTestPrefix(label: string): string {
  return `t_${sanitizeLabel(label, 20)}_${randomToken(8)}`;
}

/** What a test's stream may hold: JetStream reserves it up front, and the 8 GiB default of many test files at once exhausted the server's storage. */
const TEST_EVENTS_MAX_BYTES = 256 * 1024 ** 2;

/** Env for a service under test so its subjects and stream never meet another test's (and its stream stays small). */
export function testNatsEnv(prefix: string): { NATS_SUBJECT_PREFIX: string; EVENTS_STREAM: string; EVENTS_MAX_BYTES: string } {
  return { NATS_SUBJECT_PREFIX: prefix, EVENTS_STREAM: `EVENTS_${prefix}`, EVENTS_MAX_BYTES: String(TEST_EVENTS_MAX_BYTES) };
}

/** Env for a service under test so its keys never meet another test's. */
export function testRedisEnv(prefix: string): { REDIS_KEY_PREFIX: string } {
  return { REDIS_KEY_PREFIX: `${prefix}:` };
}
