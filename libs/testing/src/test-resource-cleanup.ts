import { connect } from 'nats';
import { createClient } from 'redis';

/** Deletes a test's JetStream stream (a no-op when it was never created). */
export async function deleteTestStream(stream: string | undefined): Promise<void> {
  if (!stream) return;
  const nc = await connect({ servers: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222', timeout: 2000 });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** Deletes every Redis key under a test's prefix. */
export async function deleteTestKeys(prefix: string | undefined): Promise<void> {
  if (!prefix) return;
  const client = createClient({ url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379' });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}
