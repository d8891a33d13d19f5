export interface ReadinessOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Stops waiting early: the process behind the URL has already exited. */
  readonly gaveUp?: () => boolean;
}

export type ReadinessResult = { readonly ready: true; readonly afterMs: number } | { readonly ready: false; readonly reason: string };

/** Polls `url` until it answers 200, the bound passes, or `gaveUp()` says there is no point. */
export async function waitForReady(url: string, options: ReadinessOptions): Promise<ReadinessResult> {
  const started = Date.now();
  const interval = options.intervalMs ?? 500;
  let last = 'no answer yet';
  while (Date.now() - started < options.timeoutMs) {
    if (options.gaveUp?.() === true) return { ready: false, reason: 'the process exited' };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.min(2_000, options.timeoutMs)) });
      await response.body?.cancel();
      if (response.status === 200) return { ready: true, afterMs: Date.now() - started };
      last = `${url} answered ${response.status}`;
    } catch (error: unknown) {
      last = `${url}: ${error instanceof Error ? error.message : String(error)}`;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  return { ready: false, reason: `not ready after ${Math.round(options.timeoutMs / 1000)} s (last: ${last})` };
}
