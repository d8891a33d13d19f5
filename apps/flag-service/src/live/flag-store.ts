import type { Logger } from '@forecastin/observability';
import { FlagSnapshot } from './flag-snapshot';

export type SnapshotSource = () => Promise<FlagSnapshot>;
export type SnapshotListener = (snapshot: FlagSnapshot) => void;

/**
 * The instance's in-memory copy of every flag. Evaluation reads `current` and never the database;
 * `refreshTo(revision)` reloads unless the copy is already at least that fresh. Reloads are
 * coalesced: while one runs, any number of requests share the one that starts after it (so a
 * kill of 50 flags, 50 events, costs at most two reloads), and a snapshot never replaces a newer one.
 */
export class FlagStore {
  private snapshot = FlagSnapshot.EMPTY;
  private loaded = false;
  private running: Promise<FlagSnapshot> | undefined;
  private queued: Promise<FlagSnapshot> | undefined;
  private readonly listeners = new Set<SnapshotListener>();

  constructor(
    private readonly source: SnapshotSource,
    private readonly logger: Logger,
  ) {}

  get current(): FlagSnapshot {
    return this.snapshot;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  onChange(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reloads when the copy is older than `revision` (undefined: always). Resolves with the snapshot then held. */
  async refreshTo(revision?: number): Promise<FlagSnapshot> {
    if (revision !== undefined && this.loaded && this.snapshot.revision >= revision) return this.snapshot;
    if (!this.running) return this.start();
    // A reload is in flight but may have read before `revision` committed: queue exactly one more.
    this.queued ??= this.running.catch(() => undefined).then(() => {
      this.queued = undefined;
      return this.start();
    });
    return this.queued;
  }

  private start(): Promise<FlagSnapshot> {
    const run = this.source()
      .then((next) => {
        if (!this.loaded || next.revision > this.snapshot.revision) this.install(next);
        return this.snapshot;
      })
      .finally(() => {
        if (this.running === run) this.running = undefined;
      });
    this.running = run;
    return run;
  }

  private install(next: FlagSnapshot): void {
    const previous = this.snapshot.revision;
    this.snapshot = next;
    this.loaded = true;
    this.logger.debug({ from: previous, to: next.revision, flags: next.flags.length }, 'flag snapshot loaded');
    for (const listener of this.listeners) listener(next);
  }
}
