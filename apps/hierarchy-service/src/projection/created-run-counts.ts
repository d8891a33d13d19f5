/**
 * What a run of created nodes (paths in stream order, parents before children) does to the counts,
 * computed without the database: each created node's own counts (its descendants and children
 * created in the same run: it had none before, being new), its parent when that was created in the
 * run too (by index), and the increments of every ancestor outside the run, aggregated per path.
 * Nodes in the run thus get their counts in the INSERT instead of being inserted then updated
 * (a second row version, and a new entry in each of their five indexes, for most of a batch).
 */
export interface CreatedRunCounts {
  /** Per created node, in run order. */
  readonly children: number[];
  readonly descendants: number[];
  /** Index in the run of the node's parent, or null when the parent is not in the run (or it is a root). */
  readonly parentIndex: Array<number | null>;
  /** Ancestors not created in the run, each once, with what the run adds to their counts. */
  readonly outside: { readonly paths: string[]; readonly descendants: number[]; readonly children: number[] };
}

export function createdRunCounts(paths: readonly string[]): CreatedRunCounts {
  const indexOf = new Map<string, number>();
  paths.forEach((path, index) => indexOf.set(path, index));
  const children = paths.map(() => 0);
  const descendants = paths.map(() => 0);
  const parentIndex: Array<number | null> = [];
  const outside = new Map<string, { descendants: number; children: number }>();
  for (const path of paths) {
    let parent: number | null = null;
    let cut = path.lastIndexOf('.');
    for (let depth = 0; cut !== -1; depth++, cut = path.lastIndexOf('.', cut - 1)) {
      const ancestor = path.slice(0, cut);
      const child = depth === 0 ? 1 : 0;
      const inRun = indexOf.get(ancestor);
      if (inRun !== undefined) {
        descendants[inRun] = (descendants[inRun] ?? 0) + 1;
        children[inRun] = (children[inRun] ?? 0) + child;
        if (depth === 0) parent = inRun;
      } else {
        const counts = outside.get(ancestor) ?? { descendants: 0, children: 0 };
        counts.descendants += 1;
        counts.children += child;
        outside.set(ancestor, counts);
      }
    }
    parentIndex.push(parent);
  }
  return {
    children,
    descendants,
    parentIndex,
    outside: { paths: [...outside.keys()], descendants: [...outside.values()].map((c) => c.descendants), children: [...outside.values()].map((c) => c.children) },
  };
}
