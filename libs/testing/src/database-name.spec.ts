import { createdAtOf, sanitizeLabel, stampedName } from './database-name';
import { testNatsEnv, testRedisEnv, uniqueTestPrefix } from './unique-prefix';

describe('database names', () => {
  it('encodes the creation time so leftovers can be aged', () => {
    const at = Date.UTC(2026, 10, 22, 12, 0, 0);
    const name = stampedName('ft', 'entity service', at);
    expect(name).toMatch(/^ft_entity_service_[0-9a-z]{14}$/);
    expect(createdAtOf(name, 'ft')).toBe(at);
    expect(createdAtOf(name, 'ftb')).toBeUndefined();
    expect(createdAtOf('forecastin', 'ft')).toBeUndefined();
  });

  it('sanitizes labels to lowercase identifier characters', () => {
    expect(sanitizeLabel('  Hello, World! ', 30)).toBe('hello_world');
    expect(sanitizeLabel('***', 30)).toBe('x');
    expect(sanitizeLabel('abcdefghij_klm', 11)).toBe('abcdefghij');
  });
});

describe('test prefixes', () => {
  it('are unique and valid as NATS tokens, stream names and Redis keys', () => {
    const prefixes = new Set(Array.from({ length: 200 }, () => uniqueTestPrefix('Entity.Events >*')));
    expect(prefixes.size).toBe(200);
    for (const prefix of prefixes) expect(prefix).toMatch(/^t_entity_events_[0-9a-z]{8}$/);
  });

  it('build the env a service under test needs', () => {
    expect(testNatsEnv('t_x_1')).toEqual({ NATS_SUBJECT_PREFIX: 't_x_1', EVENTS_STREAM: 'EVENTS_t_x_1', EVENTS_MAX_BYTES: String(256 * 1024 ** 2) });
    expect(testRedisEnv('t_x_1')).toEqual({ REDIS_KEY_PREFIX: 't_x_1:' });
  });
});
