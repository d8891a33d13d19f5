import type { FlagDependency } from '@forecastin/contracts';

/** Every flag's parents (the keys it depends on), as stored. */
export type DependencyEdges = ReadonlyMap<string, readonly string[]>;

export interface DependencyProblems {
  /** Indexes into the new dependency list whose flag does not exist (→ 400 at `dependencies.<i>.flag_key`). */
  readonly unknown: readonly number[];
  /** A path `key → … → key` when the new edges close a loop (→ 409), else undefined. */
  readonly cycle?: readonly string[];
}

/**
 * Checks `key`'s new dependencies against the stored graph (in which `key`'s own old edges are
 * replaced). A flag depending on itself is a cycle of length one. Pure, so the write path can run
 * it inside the transaction that holds the revision lock, against edges read in that transaction.
 */
export function checkDependencies(key: string, dependencies: readonly FlagDependency[], edges: DependencyEdges): DependencyProblems {
  const unknown = dependencies.flatMap((dependency, index) => (dependency.flag_key !== key && !edges.has(dependency.flag_key) ? [index] : []));
  const parents = (flag: string): readonly string[] => (flag === key ? dependencies.map((dependency) => dependency.flag_key) : (edges.get(flag) ?? []));
  return { unknown, cycle: findCycleThrough(key, parents) };
}

/** Depth-first search from `start` along `parents`; the first path that returns to `start`. */
function findCycleThrough(start: string, parents: (flag: string) => readonly string[]): string[] | undefined {
  const visited = new Set<string>();
  const path: string[] = [start];
  const visit = (flag: string): string[] | undefined => {
    for (const parent of parents(flag)) {
      if (parent === start) return [...path, start];
      if (visited.has(parent)) continue;
      visited.add(parent);
      path.push(parent);
      const found = visit(parent);
      if (found) return found;
      path.pop();
    }
    return undefined;
  };
  return visit(start);
}

/** The flags that depend on `key` (a delete of `key` would leave them with a dangling dependency). */
export function dependentsOf(key: string, edges: DependencyEdges): string[] {
  return [...edges].filter(([flag, parents]) => flag !== key && parents.includes(key)).map(([flag]) => flag).sort();
}
