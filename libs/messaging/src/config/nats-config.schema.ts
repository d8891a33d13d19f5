import { z } from 'zod';

const HOUR_MS = 3_600_000;

/** NATS settings every service spreads into its config shape (see docs/chassis.md). */
export const natsConfigShape = {
  /** One URL or a comma-separated list (a cluster). */
  NATS_URL: z
    .string()
    .min(1)
    .default('nats://127.0.0.1:4222')
    .refine((value) => value.split(',').every((url) => /^(nats|tls|wss?):\/\/[^\s]+$/.test(url.trim())), {
      error: 'NATS_URL must be nats://host:port (or a comma-separated list of them)',
    }),
  /** Token(s) put in front of every subject (tests isolate themselves with a unique one). '' in production. */
  NATS_SUBJECT_PREFIX: z
    .string()
    .max(64)
    .regex(/^([A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*)?$/, {
      error: 'NATS_SUBJECT_PREFIX must be empty or dot-separated tokens of A-Z, a-z, 0-9, "_", "-", e.g. "t_1a2b"',
    })
    .default(''),
  /** JetStream stream holding every domain event. */
  EVENTS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'EVENTS_STREAM must be 1-64 characters of A-Z, a-z, 0-9, "_", "-"' })
    .default('EVENTS'),
  /** Retention of the stream: also the window in which a reconnecting realtime client can recover. */
  EVENTS_MAX_AGE_HOURS: z.coerce.number().positive().max(24 * 365).default(72),
  /**
   * Size bound of the stream (the oldest events go first past it). JetStream reserves it from the
   * server's storage up front, so many small streams on one server (tests) each take a small one.
   */
  EVENTS_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024 ** 2)
    .max(1024 ** 4)
    .default(8 * 1024 ** 3),
  /** Default bound on a request/reply round trip. */
  NATS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(2000),
};

export type NatsConfig = z.infer<z.ZodObject<typeof natsConfigShape>>;

/** Converts the configured retention to the milliseconds `NatsDependency` takes. */
export function eventsMaxAgeMs(config: Pick<NatsConfig, 'EVENTS_MAX_AGE_HOURS'>): number {
  return Math.round(config.EVENTS_MAX_AGE_HOURS * HOUR_MS);
}
