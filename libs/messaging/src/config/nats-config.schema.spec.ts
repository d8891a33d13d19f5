import { z } from 'zod';
import { eventsMaxAgeMs, natsConfigShape } from './nats-config.schema';

const schema = z.object(natsConfigShape);

describe('natsConfigShape', () => {
  it('has working defaults', () => {
    const config = schema.parse({});
    expect(config).toEqual({
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_SUBJECT_PREFIX: '',
      EVENTS_STREAM: 'EVENTS',
      EVENTS_MAX_AGE_HOURS: 72,
      EVENTS_MAX_BYTES: 8 * 1024 ** 3,
      NATS_REQUEST_TIMEOUT_MS: 2000,
    });
    expect(eventsMaxAgeMs(config)).toBe(72 * 3_600_000);
  });

  it('coerces numbers from the environment and accepts a server list', () => {
    const config = schema.parse({
      NATS_URL: 'nats://nats-0:4222,nats://nats-1:4222',
      NATS_SUBJECT_PREFIX: 't_core_1a2b3c4d',
      EVENTS_STREAM: 'EVENTS_t_core_1a2b3c4d',
      EVENTS_MAX_AGE_HOURS: '1.5',
      EVENTS_MAX_BYTES: '268435456',
      NATS_REQUEST_TIMEOUT_MS: '500',
    });
    expect(config.EVENTS_MAX_AGE_HOURS).toBe(1.5);
    expect(config.EVENTS_MAX_BYTES).toBe(256 * 1024 ** 2);
    expect(config.NATS_REQUEST_TIMEOUT_MS).toBe(500);
  });

  it.each([
    ['NATS_URL', 'http://nats:4222'],
    ['NATS_SUBJECT_PREFIX', 'bad prefix'],
    ['NATS_SUBJECT_PREFIX', 'trailing.'],
    ['NATS_SUBJECT_PREFIX', 'wild.*'],
    ['EVENTS_STREAM', 'EVENTS.1'],
    ['EVENTS_MAX_AGE_HOURS', '0'],
    ['EVENTS_MAX_BYTES', '1000'],
    ['EVENTS_MAX_BYTES', '8GiB'],
    ['NATS_REQUEST_TIMEOUT_MS', 'soon'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    const result = schema.safeParse({ [name]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([name]);
  });
});
