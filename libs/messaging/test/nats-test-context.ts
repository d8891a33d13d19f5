import { createCaptureLogger, testNatsEnv, uniqueTestPrefix, type CapturedLogger } from '@forecastin/testing';
import { NatsDependency, type NatsDependencyOptions } from '../src';

export { eventually } from '@forecastin/testing';

export const NATS_URL = 'nats://127.0.0.1:4222';

export interface NatsTestContext {
  readonly prefix: string;
  readonly stream: string;
  readonly logs: CapturedLogger;
  readonly nats: NatsDependency;
  /** Deletes the test's stream and closes the connection. */
  dispose(): Promise<void>;
}

/** A connected NatsDependency on its own subject prefix and stream, as every test file needs. */
export async function natsTestContext(label: string, overrides: Partial<NatsDependencyOptions> = {}): Promise<NatsTestContext> {
  const prefix = uniqueTestPrefix(label);
  const env = testNatsEnv(prefix);
  const logs = createCaptureLogger();
  const nats = new NatsDependency({
    url: NATS_URL,
    connectionName: `test-${label}`,
    logger: logs.logger,
    subjectPrefix: env.NATS_SUBJECT_PREFIX,
    eventsStream: env.EVENTS_STREAM,
    eventsMaxAgeMs: 3_600_000,
    eventsMaxBytes: 64 * 1024 * 1024,
    ...overrides,
  });
  await nats.connect();
  return {
    prefix,
    stream: env.EVENTS_STREAM,
    logs,
    nats,
    async dispose() {
      const jsm = await nats.jetstreamManager();
      await jsm.streams.delete(env.EVENTS_STREAM);
      await nats.close();
    },
  };
}

