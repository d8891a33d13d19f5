import fc from 'fast-check';
import { retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  it('doubles per delivery from the base up to the cap', () => {
    const delay = { baseMs: 1000, maxMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => retryDelayMs(n, delay, () => 1))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('stays within 80-100% of the capped exponential delay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (deliveryCount, r) => {
        const cap = Math.min(30_000, 1000 * 2 ** Math.min(deliveryCount - 1, 30));
        const delay = retryDelayMs(deliveryCount, { baseMs: 1000, maxMs: 30_000 }, () => r);
        return delay >= Math.floor(cap * 0.8) && delay <= cap;
      }),
    );
  });
});
