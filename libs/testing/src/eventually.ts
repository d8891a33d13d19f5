import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Retries `probe` every `intervalMs` until it stops throwing, then returns its value; past
 * `timeoutMs` rethrows its last error. Tests wait on conditions with it, never on fixed sleeps.
 */
export async function eventually<T>(probe: () => Promise<T> | T, timeoutMs = 10_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error: unknown) {
      if (Date.now() > deadline) throw error;
      await sleep(intervalMs);
    }
  }
}
