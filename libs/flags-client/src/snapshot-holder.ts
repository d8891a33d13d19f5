import type { FlagSnapshot } from '@forecastin/contracts';
import { FlagEvaluator } from '@forecastin/flag-evaluator';

/** A snapshot compiled for evaluation, with what the refresh logic compares. */
export interface CompiledSnapshot {
  readonly revision: number;
  readonly etag: string;
  readonly evaluator: FlagEvaluator;
}

export type SnapshotListener = (snapshot: CompiledSnapshot) => void;

/**
 * The client's current snapshot. `offer` installs a snapshot only if it is newer than the one held,
 * so an answer from a flag-service instance that lags behind another never moves the client back.
 */
export class SnapshotHolder {
  private snapshot: CompiledSnapshot | undefined;
  private readonly listeners = new Set<SnapshotListener>();

  get current(): CompiledSnapshot | undefined {
    return this.snapshot;
  }

  offer(snapshot: FlagSnapshot): boolean {
    if (this.snapshot && snapshot.revision <= this.snapshot.revision) return false;
    const compiled: CompiledSnapshot = { revision: snapshot.revision, etag: snapshot.etag, evaluator: FlagEvaluator.compile(snapshot.flags) };
    this.snapshot = compiled;
    for (const listener of this.listeners) listener(compiled);
    return true;
  }

  onChange(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
