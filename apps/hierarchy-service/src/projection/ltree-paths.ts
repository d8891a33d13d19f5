/** Proper ancestors of a path, root first: `a.b.c` → [`a`, `a.b`]. */
export function ancestorPaths(path: string): string[] {
  const labels = path.split('.');
  const result: string[] = [];
  for (let depth = 1; depth < labels.length; depth++) result.push(labels.slice(0, depth).join('.'));
  return result;
}

/** The parent's path, or null for a root. */
export function parentPath(path: string): string | null {
  const cut = path.lastIndexOf('.');
  return cut === -1 ? null : path.slice(0, cut);
}

/** The last label: `a.b.c` → `c`. */
export function lastLabel(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/** The number of labels (ltree's `nlevel`): `a.b.c` → 3. */
export function pathDepth(path: string): number {
  let depth = 1;
  for (let index = path.indexOf('.'); index !== -1; index = path.indexOf('.', index + 1)) depth++;
  return depth;
}

/**
 * The smallest path sorting after every path of the subtree at `path` in ltree order: labels
 * compare bytewise then by length, so `a.b.*` < `a.b0` and nothing else lies between (`0` is the
 * smallest label character). Lets a subtree be read as one btree range, in path order.
 */
export function subtreeUpperBound(path: string): string {
  return `${path}0`;
}
