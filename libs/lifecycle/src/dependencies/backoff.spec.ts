import { backoffDelay, TimeoutError, withTimeout } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially and never exceeds the cap', () => {
    const highest = (attempt: number) => backoffDelay(attempt, 200, 5000, () => 1);
    expect([0, 1, 2, 3].map(highest)).toEqual([200, 400, 800, 1600]);
    expect(highest(50)).toBe(5000);
  });

  it('jitters between half the initial delay and the ceiling', () => {
    expect(backoffDelay(3, 200, 5000, () => 0)).toBe(100);
  });
});

describe('withTimeout', () => {
  it('rejects with TimeoutError when the work is slower than the bound', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'never')).rejects.toBeInstanceOf(TimeoutError);
  });

  it('passes the result through when in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'fast')).resolves.toBe(7);
  });
});
