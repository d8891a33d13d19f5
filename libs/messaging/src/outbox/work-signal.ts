import { sleep } from '@forecastin/lifecycle';

/**
 * The relay's "there may be new rows" flag: raised by a NOTIFY on the outbox channel, consumed by the
 * publish loop. A notification that arrives while a batch runs is remembered, so the loop reads
 * again at once instead of sleeping through it.
 */
export class WorkSignal {
  private raised = false;
  private wake: (() => void) | undefined;

  /** Forgets earlier notifications; called right before reading, so one arriving from then on counts. */
  clear(): void {
    this.raised = false;
  }

  notify(): void {
    this.raised = true;
    this.wake?.();
  }

  /** Resolves at once when notified since `clear()`, else on the next notification, after `ms`, or on `stop`. */
  async wait(ms: number, stop: AbortSignal): Promise<void> {
    if (this.raised) {
      this.raised = false;
      return;
    }
    const controller = new AbortController();
    this.wake = () => controller.abort();
    const onStop = (): void => controller.abort();
    stop.addEventListener('abort', onStop, { once: true });
    try {
      await sleep(ms, controller.signal);
    } finally {
      this.wake = undefined;
      stop.removeEventListener('abort', onStop);
      this.raised = false;
    }
  }
}
