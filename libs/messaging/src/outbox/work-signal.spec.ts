import { WorkSignal } from './work-signal';

// `wait` is given an hour: each case can only pass by the event it names, never by the timer.
const HOUR = 3_600_000;

describe('WorkSignal', () => {
  it('wakes a waiting loop on notify', async () => {
    const signal = new WorkSignal();
    const waiting = signal.wait(HOUR, new AbortController().signal);
    signal.notify();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('remembers a notification that came while nobody waited, once', async () => {
    const signal = new WorkSignal();
    signal.notify();
    await signal.wait(HOUR, new AbortController().signal);
    const stop = new AbortController();
    let settled = false;
    const second = signal.wait(HOUR, stop.signal).then(() => (settled = true));
    // Every pending microtask (and I/O callback) runs before setImmediate's: a wrongly resolved wait would have settled.
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    stop.abort();
    await second;
  });

  it('forgets notifications before clear(), and stops waiting when stopped', async () => {
    const signal = new WorkSignal();
    signal.notify();
    signal.clear();
    const stop = new AbortController();
    const waiting = signal.wait(HOUR, stop.signal);
    stop.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});
