import { randomToken, sanitizeLabel } from './database-name';

/**
 * `t_<label>_<random>`: lowercase letters, digits and underscores only, so the same string is a
 * valid NATS subject token, JetStream stream/consumer name, Redis key segment and SQL identifier.
 */
export function uniqueTestPrefix(label: string): string {
  return `t_${sanitizeLabel(label, 20)}_${randomToken(8)}`;
}

/** Env for a service under test so its subjects and stream never meet another test's. */
export function testNatsEnv(prefix: string): { NATS_SUBJECT_PREFIX: string; EVENTS_STREAM: string } {
  return { NATS_SUBJECT_PREFIX: prefix, EVENTS_STREAM: `EVENTS_${prefix}` };
}

/** Env for a service under test so its keys never meet another test's. */
export function testRedisEnv(prefix: string): { REDIS_KEY_PREFIX: string } {
  return { REDIS_KEY_PREFIX: `${prefix}:` };
}
