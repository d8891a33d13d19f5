import { setTimeout as sleep } from 'node:timers/promises';

/** Retries `probe` until it passes or `timeoutMs` elapses (then rethrows its last failure). */
export async function eventually<T>(probe: () => Promise<T> | T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error: unknown) {
      if (Date.now() > deadline) throw error;
      await sleep(25);
    }
  }
}
