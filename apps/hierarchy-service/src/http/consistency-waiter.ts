import { ErrorCode } from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';

/**
 * Read-your-writes: a read with `?consistency_token=` waits until the read model has applied the
 * event the token names. It learns of applied events at once from the invalidation broadcast
 * (`notifyApplied`), and checks the database every `pollMs` as well (a broadcast can be lost:
 * core NATS has no redelivery). Past the bound it answers 504 (README "Decisions").
 */
export class ConsistencyWaiter {
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(
    private readonly isApplied: (workspaceId: string, eventId: string) => Promise<boolean>,
    private readonly options: { maxWaitMs: number; pollMs: number },
  ) {}

  notifyApplied(workspaceId: string, eventId: string): void {
    const key = `${workspaceId}|${eventId}`;
    const wakers = this.waiting.get(key);
    if (!wakers) return;
    this.waiting.delete(key);
    for (const wake of wakers) wake();
  }

  async waitFor(workspaceId: string, eventId: string): Promise<void> {
    if (await this.isApplied(workspaceId, eventId)) return;
    const key = `${workspaceId}|${eventId}`;
    const deadline = Date.now() + this.options.maxWaitMs;
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const wakers = this.waiting.get(key) ?? new Set<() => void>();
    wakers.add(wake);
    this.waiting.set(key, wakers);
    try {
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        let timer: NodeJS.Timeout | undefined;
        const tick = new Promise<'tick'>((resolve) => (timer = setTimeout(() => resolve('tick'), Math.min(this.options.pollMs, left))));
        const result = await Promise.race([woken.then(() => 'woken' as const), tick]);
        clearTimeout(timer);
        if (result === 'woken' || (await this.isApplied(workspaceId, eventId))) return;
      }
    } finally {
      wakers.delete(wake);
      if (wakers.size === 0 && this.waiting.get(key) === wakers) this.waiting.delete(key);
    }
    throw new AppError(
      ErrorCode.UPSTREAM_TIMEOUT,
      `The write named by consistency_token is not applied to the hierarchy after ${this.options.maxWaitMs} ms; retry shortly`,
      [{ field: 'consistency_token', message: 'not applied yet' }],
    );
  }
}
