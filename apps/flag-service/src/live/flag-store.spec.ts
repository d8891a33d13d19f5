import { createCaptureLogger } from '@forecastin/testing';
import { FlagSnapshot } from './flag-snapshot';
import { FlagStore } from './flag-store';

/** A snapshot source whose loads the test completes one by one, reading the "database" revision when each load starts. */
function controlledSource() {
  let stored = 0;
  const pending: Array<() => void> = [];
  const source = () =>
    new Promise<FlagSnapshot>((resolve) => {
      const revision = stored;
      pending.push(() => resolve(new FlagSnapshot(revision, [])));
    });
  return {
    source,
    commit: () => (stored += 1),
    get loads() {
      return pending.length;
    },
    finishNext: async () => {
      pending.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('FlagStore', () => {
  it('coalesces reloads: requests during a load share one follow-up load', async () => {
    const db = controlledSource();
    const store = new FlagStore(db.source, createCaptureLogger().logger);
    const initial = store.refreshTo();
    await db.finishNext();
    await initial;

    db.commit();
    const a = store.refreshTo(1);
    // Three more changes arrive while the first reload runs: they share one more load.
    db.commit();
    const b = store.refreshTo(2);
    db.commit();
    const c = store.refreshTo(3);
    expect(db.loads).toBe(1);
    await db.finishNext(); // the first reload read revision 1; the queued one starts now and reads 3
    expect(db.loads).toBe(1);
    await db.finishNext();
    await Promise.all([a, b, c]);
    expect(store.current.revision).toBe(3);
    expect(db.loads).toBe(0);
  });

  it('skips a reload when the copy is already at the revision, and never installs an older snapshot', async () => {
    let revision = 5;
    const store = new FlagStore(async () => new FlagSnapshot(revision, []), createCaptureLogger().logger);
    await store.refreshTo();
    const seen: number[] = [];
    store.onChange((snapshot) => seen.push(snapshot.revision));
    await store.refreshTo(4);
    await store.refreshTo(5);
    revision = 3; // a lagging replica answering with an older state
    await store.refreshTo();
    expect(store.current.revision).toBe(5);
    expect(seen).toEqual([]);
  });

  it('is not loaded until the first snapshot arrives, and a failed load can be retried', async () => {
    let fail = true;
    const store = new FlagStore(async () => {
      if (fail) throw new Error('database down');
      return new FlagSnapshot(1, []);
    }, createCaptureLogger().logger);
    await expect(store.refreshTo()).rejects.toThrow('database down');
    expect(store.isLoaded).toBe(false);
    fail = false;
    await store.refreshTo();
    expect(store.isLoaded).toBe(true);
  });
});
