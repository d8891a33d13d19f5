import fc from 'fast-check';
import { reconnectDelayMs } from './reconnect-backoff';

describe('reconnectDelayMs', () => {
  it('grows exponentially from the base until the cap', () => {
    const fixed = { baseMs: 100, maxMs: 5000, random: () => 1 };
    expect([0, 1, 2, 3, 5, 6, 20].map((attempt) => reconnectDelayMs(attempt, fixed))).toEqual([
      100, 200, 400, 800, 3200, 5000, 5000,
    ]);
  });

  it('always stays within [cap/2, cap] and never exceeds maxMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1000, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseMs, maxMs, r) => {
          const cap = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
          const delay = reconnectDelayMs(attempt, { baseMs, maxMs, random: () => r });
          return delay >= Math.floor(cap / 2) && delay <= maxMs && delay <= Math.ceil(cap);
        },
      ),
    );
  });
});
