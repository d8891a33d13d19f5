import type { Flag } from '@forecastin/contracts';
import { FlagEvaluator } from '@forecastin/flag-evaluator';

/**
 * Every flag at one committed revision, compiled once for evaluation: what OFREP requests and
 * `rpc.flag.snapshot` read. Immutable; a change installs a new snapshot.
 */
export class FlagSnapshot {
  readonly etag: string;
  readonly evaluator: FlagEvaluator;
  private readonly byKey: ReadonlyMap<string, Flag>;

  constructor(
    readonly revision: number,
    readonly flags: readonly Flag[],
  ) {
    this.etag = `"${revision}"`;
    this.byKey = new Map(flags.map((flag) => [flag.key, flag]));
    this.evaluator = FlagEvaluator.compile(flags);
  }

  get(key: string): Flag | undefined {
    return this.byKey.get(key);
  }

  static readonly EMPTY = new FlagSnapshot(0, []);
}
