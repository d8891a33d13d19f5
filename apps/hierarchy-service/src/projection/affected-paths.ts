import { MAX_INVALIDATED_PATHS } from '@forecastin/contracts';

/** Above this many nodes, a moved or deleted subtree is named by its root (a prefix), not path by path. */
export const MAX_LISTED_SUBTREE = MAX_INVALIDATED_PATHS / 2;

/**
 * What one applied change makes stale. `paths`: every cached entry (node, children, descendants)
 * of these paths; `roots`: the list of depth-1 nodes; `subtreeRoots`: everything at or under these
 * paths (used instead of listing a subtree too large for one message).
 */
export class AffectedPaths {
  readonly paths = new Set<string>();
  /** Paths whose lists (children, descendants) are stale but whose node is not; `paths` wins. */
  readonly listPaths = new Set<string>();
  readonly subtreeRoots = new Set<string>();
  /** Paths of created nodes: announced, but nothing of theirs can be cached yet (see `touchCreated`). */
  readonly createdPaths = new Set<string>();
  roots = false;

  /** A node changed at `path`: it, and every ancestor (whose counts, children and descendant lists show it). */
  touchChain(path: string): void {
    const labels = path.split('.');
    this.roots = true; // every root shows its descendant_count, and every change moves one
    for (let depth = 1; depth <= labels.length; depth++) this.paths.add(labels.slice(0, depth).join('.'));
  }

  /**
   * A node created at `path`: its ancestors (counts, children and descendant lists) and the roots
   * list, as for any change; not the node's own entries, since nothing can be cached for a path
   * before its node exists (a missing node is never cached, and its lists answer 404 without a
   * lookup). The path is still announced in `hierarchy_invalidation`. Dropping those entries was
   * most of a backlog batch's L2 work.
   */
  touchCreated(path: string): void {
    const labels = path.split('.');
    this.roots = true;
    for (let depth = 1; depth < labels.length; depth++) this.paths.add(labels.slice(0, depth).join('.'));
    this.createdPaths.add(path);
  }

  /**
   * A node changed in place (name, type; same path, same counts): it, and its ancestors' lists,
   * which show it; not the ancestors' nodes, whose fields it does not change. The roots list shows
   * the roots themselves, so it is stale only when the node is one.
   */
  touchInPlace(path: string): void {
    const labels = path.split('.');
    this.paths.add(path);
    if (labels.length === 1) this.roots = true;
    for (let depth = 1; depth < labels.length; depth++) this.listPaths.add(labels.slice(0, depth).join('.'));
  }

  /** Every node of a subtree (old paths after a move or delete). */
  touchSubtree(root: string, paths: readonly string[]): void {
    if (paths.length > MAX_LISTED_SUBTREE) {
      this.subtreeRoots.add(root);
      return;
    }
    for (const path of paths) this.paths.add(path);
  }

  merge(other: AffectedPaths): void {
    for (const path of other.paths) this.paths.add(path);
    for (const path of other.listPaths) this.listPaths.add(path);
    for (const path of other.createdPaths) this.createdPaths.add(path);
    for (const root of other.subtreeRoots) this.subtreeRoots.add(root);
    this.roots ||= other.roots;
  }

  /**
   * Too many single paths for one message: fold them into their subtree roots. `paths` holds every
   * path with anything stale (lists-only ones included, so a receiver that knows nothing of
   * `listsOnly` drops too much, never too little); `listsOnly` those of them whose node is intact.
   */
  bounded(): { paths: string[]; listsOnly: string[]; subtreeRoots: string[]; roots: boolean } {
    const listsOnly = [...this.listPaths].filter((path) => !this.paths.has(path));
    const paths = [...this.paths, ...listsOnly];
    const subtreeRoots = [...this.subtreeRoots];
    if (paths.length > MAX_INVALIDATED_PATHS) {
      subtreeRoots.push(...new Set(paths.map((path) => path.split('.')[0] ?? path)));
      return { paths: [], listsOnly: [], subtreeRoots, roots: this.roots };
    }
    return { paths, listsOnly, subtreeRoots, roots: this.roots };
  }
}
